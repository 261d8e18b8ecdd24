/// Refused requests of a period with one error code, and the newest one's message as an example.
public struct ReportRefusalCount: Sendable, Hashable {
    public var errorCode: String?
    public var count: Int
    public var example: String

    public init(errorCode: String?, count: Int, example: String) {
        self.errorCode = errorCode
        self.count = count
        self.example = example
    }
}
