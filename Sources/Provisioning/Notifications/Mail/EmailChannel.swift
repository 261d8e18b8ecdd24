import Foundation
import Store

/// Delivers `email` and `welcome` subscriptions through a sendmail-compatible command
/// (`SendmailTransport`). An `email` delivery becomes a `NotificationMail` to the
/// subscription's address. A `welcome` delivery (one `user.provisioned` event) becomes the
/// tenant's `WelcomeMail` to that user's primary address, and a `welcome-mail` sync-log entry.
///
/// Failures that no retry can mend (a user without an address, a template that cannot render, a
/// recipient the mail system refuses) fail the delivery at once; the command missing, timing
/// out or exiting with another status is retried under the usual budget, since an operator can
/// fix the command and the mail then still goes out.
public struct EmailChannel: NotificationChannel {
    public let transport: SendmailTransport
    /// The From of every mail, unless the welcome mail names its own.
    public let from: MailAddress
    let notifications: NotificationService

    public init(transport: SendmailTransport, from: MailAddress, notifications: NotificationService) {
        self.transport = transport
        self.from = from
        self.notifications = notifications
    }

    public func send(_ delivery: DeliveryRecord, to subscription: SubscriptionRecord) async -> ChannelResult {
        switch subscription.channel {
        case .welcome: return await sendWelcome(delivery, subscription)
        default:
            let message: MailMessage
            do {
                message = try NotificationMail.message(for: delivery, to: try MailAddress(parsing: subscription.target), from: from)
            } catch {
                return ChannelResult(error: error.message, permanent: true)
            }
            return await hand(message)
        }
    }

    private func sendWelcome(_ delivery: DeliveryRecord, _ subscription: SubscriptionRecord) async -> ChannelResult {
        guard delivery.kind == EventType.userProvisioned.rawValue else {
            return ChannelResult(error: "A welcome subscription sends only user.provisioned, not \(delivery.kind).", permanent: true)
        }
        do {
            guard let user = try await notifications.provisionedUser(of: delivery) else {
                try await notifications.logWelcome(
                    nil, delivery: delivery, status: .skipped, message: "No welcome mail: the user was deleted before it was sent.")
                return ChannelResult()
            }
            let message: MailMessage
            do {
                let settings = try NotificationService.welcomeSettings(of: subscription)
                message = try WelcomeMail.message(
                    for: .object(user.body), settings: settings, from: try NotificationService.welcomeFrom(subscription, from))
            } catch let error as MailError {
                try await notifications.logWelcome(user, delivery: delivery, status: .failure, message: "No welcome mail: \(error.message)")
                return ChannelResult(error: error.message, permanent: true)
            }
            let result = await hand(message)
            if result.succeeded {
                let to = message.to.map(\.address).joined(separator: ", ")
                try await notifications.logWelcome(user, delivery: delivery, status: .success, message: "Sent the welcome mail to \(to).")
            }
            return result
        } catch {
            return ChannelResult(error: "Could not read the user for the welcome mail: \(error)")
        }
    }

    private func hand(_ message: MailMessage) async -> ChannelResult {
        do {
            try await transport.send(message)
            return ChannelResult()
        } catch {
            return ChannelResult(error: error.description, permanent: Self.refusesMessage(error))
        }
    }

    /// sysexits.h EX_DATAERR (65) and EX_NOUSER (67): the mail system refused this message or
    /// recipient, and would refuse it again.
    static func refusesMessage(_ error: MailTransportError) -> Bool {
        if case .exited(let status) = error.reason { return status == 65 || status == 67 }
        return false
    }
}
