/// Why a TLS certificate and key cannot be served: one sentence, naming the file and what to do.
/// Printed on stderr at start-up (exit 1) and logged on a failed reload (SIGHUP).
public struct TLSSetupError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
