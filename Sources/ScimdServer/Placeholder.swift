public enum ScimdCommand { public static func main() async {} }
