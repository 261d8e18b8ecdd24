/// A tenant's welcome mail (requirements §8): off unless the administrator turns it on, with
/// subject, text and HTML templates that may use `{{givenName}}`, `{{familyName}}`,
/// `{{userName}}` and `{{enrollmentURL}}`. Checked as a whole when saved.
public struct WelcomeMailSettings: Sendable, Hashable, Codable {
    public var enabled: Bool
    public var subject: MailTemplate
    public var text: MailTemplate
    public var html: MailTemplate
    /// Where a new user enrolls (`{{enrollmentURL}}`), an http or https URL; nil when none.
    public var enrollmentURL: String?

    /// Off, with the default templates.
    public static let `default` = WelcomeMailSettings(uncheckedEnabled: false, defaultSubject, defaultText, defaultHTML)

    /// Checks the templates and the URL together; throws a `MailError` naming the problem.
    public init(enabled: Bool, subject: String, text: String, html: String, enrollmentURL: String?) throws(MailError) {
        let subject = try MailTemplate(subject, field: "subject")
        let text = try MailTemplate(text, field: "text")
        let html = try MailTemplate(html, field: "HTML")
        try self.init(checking: enabled, subject, text, html, enrollmentURL)
    }

    private init(checking enabled: Bool, _ subject: MailTemplate, _ text: MailTemplate, _ html: MailTemplate, _ url: String?)
        throws(MailError)
    {
        guard !subject.source.trimmingSpaces.isEmpty else { throw MailError("The welcome mail's subject template is empty.") }
        if subject.source.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw MailError("The welcome mail's subject template contains a line break; a subject is one line.")
        }
        let url = url?.trimmingSpaces
        if let url, !url.isEmpty {
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"),
                !url.contains(where: { $0.isWhitespace || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
            else {
                throw MailError("The enrollment URL \(MailAddress.quoted(url)) is not an http or https URL without spaces.")
            }
        } else if [subject, text, html].contains(where: { $0.placeholders.contains(.enrollmentURL) }) {
            throw MailError("The welcome mail uses {{enrollmentURL}} but no enrollment URL is set.")
        }
        self.enabled = enabled
        self.subject = subject
        self.text = text
        self.html = html
        self.enrollmentURL = url?.isEmpty == true ? nil : url
    }

    private init(uncheckedEnabled enabled: Bool, _ subject: MailTemplate, _ text: MailTemplate, _ html: MailTemplate) {
        self.enabled = enabled
        self.subject = subject
        self.text = text
        self.html = html
        self.enrollmentURL = nil
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                checking: try c.decode(Bool.self, forKey: .enabled), try c.decode(MailTemplate.self, forKey: .subject),
                try c.decode(MailTemplate.self, forKey: .text), try c.decode(MailTemplate.self, forKey: .html),
                try c.decodeIfPresent(String.self, forKey: .enrollmentURL))
        } catch let error as MailError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    // MARK: - Defaults

    // The defaults use no {{enrollmentURL}}, so they are valid before any URL is set.
    static let defaultSubject = template("Welcome, {{givenName}}")
    static let defaultText = template(
        """
        Hello {{givenName}} {{familyName}},

        your account {{userName}} has been created.

        """)
    static let defaultHTML = template(
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"></head>
        <body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px;">
        <p>Hello {{givenName}} {{familyName}},</p>
        <p>your account <b>{{userName}}</b> has been created.</p>
        </body></html>

        """)

    private static func template(_ source: String) -> MailTemplate {
        // The literals above hold known placeholders only; a typo shows in the defaults test.
        (try? MailTemplate(source, field: "default")) ?? MailTemplate.empty
    }
}
