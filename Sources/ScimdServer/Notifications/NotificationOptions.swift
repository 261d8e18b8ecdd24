import ArgumentParser
import Provisioning

/// `scimd serve`'s options for notifications (docs/guides/notifications.md): how mail is sent,
/// and two hidden deliverer timings for tests.
struct NotificationOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The sendmail-compatible command mail notifications are piped to, words split at spaces (SCIMD_MAIL_COMMAND). "
                + "Default \"/usr/sbin/sendmail -t -i\"."))
    var mailCommand: String?

    @Option(help: "From address of notification mails, e.g. 'scimd <scimd@example.com>' (SCIMD_MAIL_FROM). Default scimd@HOSTNAME.")
    var mailFrom: String?

    // Hidden: for tests that kill scimd mid-delivery and must not wait out a 60 s lease.
    @Option(help: .hidden) var notifyTimeout: Int?
    @Option(help: .hidden) var notifyLease: Int?

    func apply(to c: inout ServerConfiguration, environment: [String: String]) throws {
        if let command = mailCommand ?? environment["SCIMD_MAIL_COMMAND"] {
            let words = command.split(whereSeparator: \.isWhitespace).map(String.init)
            guard !words.isEmpty else { throw ValidationError("--mail-command needs a command, such as \"/usr/sbin/sendmail -t -i\".") }
            c.mailCommand = words
        }
        if let from = mailFrom ?? environment["SCIMD_MAIL_FROM"] {
            do {
                c.mailFrom = try MailAddress(parsing: from)
            } catch {
                throw ValidationError("--mail-from: \(error.message)")
            }
        }
        if let notifyTimeout, notifyTimeout >= 1 { c.notifyTimeout = .seconds(notifyTimeout) }
        if let notifyLease, notifyLease >= 1 { c.notifyLease = .seconds(notifyLease) }
    }
}
