/// Why a mail could not be built: one sentence naming the field and the value at fault, so an
/// administrator who saved a bad From address or template sees what to change.
public struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
