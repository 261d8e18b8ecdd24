/// Shows input text in findings with control characters and invalid UTF-8 visible.
enum InputDisplay {
    static func quoted(_ text: String, limit: Int = 2_000) -> String {
        var out = "\""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == limit { return out + "\"…" }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFD:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
