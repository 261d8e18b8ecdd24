#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands a `MailMessage` to a sendmail-compatible command (sendmail, Postfix, exim, msmtp,
/// ssmtp all accept `-t -i`): the message on stdin, recipients read from its To header (`-t`),
/// a line of one "." not taken as the end (`-i`). Exit status 0 means the command took the
/// message; anything else, a signal or the timeout becomes a `MailTransportError`.
public struct SendmailTransport: Sendable {
    /// `/usr/sbin/sendmail -t -i`.
    public static let defaultCommand = ["/usr/sbin/sendmail", "-t", "-i"]

    /// The executable (a path, or a name looked up in PATH) and its arguments.
    public let command: [String]
    public let timeout: Duration

    public init(command: [String] = SendmailTransport.defaultCommand, timeout: Duration = .seconds(30)) throws(MailError) {
        guard let executable = command.first, !executable.trimmingSpaces.isEmpty else {
            throw MailError("The mail command is empty; give an executable such as /usr/sbin/sendmail.")
        }
        guard timeout > .zero else { throw MailError("The mail command's timeout must be more than 0 seconds.") }
        self.command = command
        self.timeout = timeout
    }

    /// Runs the command once with `message` on stdin; returns when it exited 0.
    public func send(_ message: MailMessage) async throws(MailTransportError) {
        let outcome: CommandRun.Outcome
        do {
            outcome = try await CommandRun.run(command, input: message.rendered(), timeout: timeout)
        } catch {
            switch error {
            case .launch(let code):
                throw MailTransportError(command: command, reason: .launchFailed(errno: code), standardError: "")
            case .timedOut(let stderr):
                let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
                throw MailTransportError(command: command, reason: .timedOut(seconds: seconds), standardError: stderr)
            case .cancelled(let stderr):
                throw MailTransportError(command: command, reason: .cancelled, standardError: stderr)
            }
        }
        if let signal = outcome.signal {
            throw MailTransportError(command: command, reason: .signalled(signal: signal), standardError: outcome.standardError)
        }
        guard let status = outcome.status else {
            // waitpid could not report it (another part of the process reaped the child).
            throw MailTransportError(command: command, reason: .signalled(signal: 0), standardError: outcome.standardError)
        }
        guard status == 0 else {
            throw MailTransportError(command: command, reason: .exited(status: status), standardError: outcome.standardError)
        }
        if outcome.inputCut {
            throw MailTransportError(command: command, reason: .inputNotRead, standardError: outcome.standardError)
        }
    }
}
