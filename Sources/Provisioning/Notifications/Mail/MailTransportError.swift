#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a sendmail command did not take a message, as one sentence for the log and the
/// administrator, with `isTemporary` telling a deliverer whether to try again later.
public struct MailTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The command could not be started (`errno`: not found, not executable, …).
        case launchFailed(errno: Int32)
        /// It exited with a status other than 0.
        case exited(status: Int32)
        /// A signal ended it.
        case signalled(signal: Int32)
        /// It was still running after the timeout and was killed.
        case timedOut(seconds: Double)
        /// It exited 0 but closed its stdin before reading the whole message.
        case inputNotRead
        /// The sending task was cancelled (scimd shutting down) and the command was stopped.
        case cancelled
    }

    public let command: [String]
    public let reason: Reason
    /// What the command wrote on stderr (up to 16 KiB), trimmed.
    public let standardError: String

    public init(command: [String], reason: Reason, standardError: String) {
        self.command = command
        self.reason = reason
        self.standardError = standardError
    }

    /// A temporary failure (sysexits.h EX_TEMPFAIL, 75, as sendmail uses for "queue and retry")
    /// or a timeout: worth another attempt. Anything else needs the configuration fixed.
    public var isTemporary: Bool {
        switch reason {
        case .exited(let status): return status == 75
        case .timedOut, .cancelled: return true
        default: return false
        }
    }

    public var description: String {
        let name = command.first ?? "(none)"
        var sentence: String
        switch reason {
        case .launchFailed(let code):
            sentence = "The mail command \(name) could not be started: \(String(cString: strerror(code)))."
        case .exited(let status):
            let meaning = Self.sysexits[status].map { " (\($0))" } ?? ""
            sentence = "The mail command \(name) exited with status \(status)\(meaning)."
        case .signalled(let signal):
            sentence = "The mail command \(name) was ended by signal \(signal)."
        case .timedOut(let seconds):
            sentence = "The mail command \(name) was still running after \(Self.format(seconds)) s and was stopped."
        case .cancelled:
            sentence = "The mail command \(name) was stopped because the delivery was cancelled."
        case .inputNotRead:
            sentence = "The mail command \(name) exited before reading the whole message."
        }
        let stderr = standardError.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingSpaces
        if !stderr.isEmpty { sentence += " It said: \(stderr)" }
        return sentence
    }

    /// sysexits.h, the statuses sendmail and its replacements (Postfix, msmtp, ssmtp) exit with.
    static let sysexits: [Int32: String] = [
        64: "EX_USAGE, bad arguments", 65: "EX_DATAERR, bad message", 67: "EX_NOUSER, unknown recipient",
        68: "EX_NOHOST, unknown host", 69: "EX_UNAVAILABLE, service unavailable", 70: "EX_SOFTWARE, internal error",
        71: "EX_OSERR, system error", 72: "EX_OSFILE, missing system file", 73: "EX_CANTCREAT, cannot create file",
        74: "EX_IOERR, input/output error", 75: "EX_TEMPFAIL, temporary failure; try again later",
        76: "EX_PROTOCOL, remote protocol error", 77: "EX_NOPERM, permission denied", 78: "EX_CONFIG, configuration error",
    ]

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
