import Foundation
import SCIM

/// The welcome mail for one user, rendered from the tenant's `WelcomeMailSettings`.
///
/// Rendering only: the deliverer decides when (once per user, on `user.provisioned`,
/// docs/events.md) and checks `settings.enabled` first, so a preview of a disabled mail works.
public enum WelcomeMail {
    /// The message for `user` (a stored SCIM User body): to its primary email, else its work
    /// email, with the templates' placeholders filled in (HTML-escaped in the HTML part).
    public static func message(
        for user: SCIMValue, settings: WelcomeMailSettings, from: MailAddress, date: Date = Date()
    ) throws(MailError) -> MailMessage {
        let values = self.values(of: user, settings: settings)
        let to = try recipient(of: user, named: displayName(of: user))
        let subject = settings.subject.render(values, escaping: .oneLine)
        guard !subject.trimmingSpaces.isEmpty else {
            throw MailError("The welcome mail's subject is empty for user '\(values[.userName] ?? "")'; give the subject template some text.")
        }
        return try MailMessage(
            from: from, to: [to], subject: subject, text: settings.text.render(values, escaping: .none),
            html: settings.html.render(values, escaping: .html), date: date)
    }

    /// The placeholder values for `user`: missing attributes are empty strings.
    public static func values(of user: SCIMValue, settings: WelcomeMailSettings) -> [MailTemplate.Placeholder: String] {
        [
            .givenName: user["name"]?["givenName"]?.stringValue ?? "",
            .familyName: user["name"]?["familyName"]?.stringValue ?? "",
            .userName: user["userName"]?.stringValue ?? "",
            .enrollmentURL: settings.enrollmentURL ?? "",
        ]
    }

    /// RFC 7643 §4.1.2: the email marked `primary`, else the one of type `work`; a user with
    /// neither is refused with a sentence, as is an address that is not one.
    public static func recipient(of user: SCIMValue, named name: String? = nil) throws(MailError) -> MailAddress {
        let emails = user["emails"]?.arrayValue ?? []
        let primary = emails.first { email in
            email["primary"]?.boolValue == true || email["primary"]?.stringValue?.lowercased() == "true"
        }
        let work = emails.first { $0["type"]?.stringValue?.lowercased() == "work" }
        let userName = user["userName"]?.stringValue ?? "(no userName)"
        guard let chosen = (primary ?? work)?["value"]?.stringValue else {
            throw MailError("User '\(userName)' has no primary or work email address, so no welcome mail can be sent.")
        }
        do {
            return try MailAddress(chosen.trimmingSpaces, name: name)
        } catch {
            throw MailError("User '\(userName)' cannot get a welcome mail: \(error.message)")
        }
    }

    /// `givenName familyName`, else `displayName`, on one line; nil when the user has none.
    static func displayName(of user: SCIMValue) -> String? {
        let parts = [user["name"]?["givenName"]?.stringValue, user["name"]?["familyName"]?.stringValue].compactMap { $0 }
            .map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        let name = parts.isEmpty ? user["displayName"]?.stringValue : parts.joined(separator: " ")
        let line = name.map { ReportMail.oneLine($0).trimmingSpaces }
        return line?.isEmpty == false ? line : nil
    }
}
