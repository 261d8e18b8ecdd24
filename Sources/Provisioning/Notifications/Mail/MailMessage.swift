import Foundation

/// One notification email: an RFC 5322 message with a MIME `multipart/alternative` body of a
/// plain-text and an HTML part (RFC 2045, RFC 2046 §5.1.4), both UTF-8 and quoted-printable.
///
/// A pure value; `rendered()` gives the bytes a sendmail command reads on stdin. Every header
/// value is checked when the message is made (`init` throws a `MailError`), so a CR or LF taken
/// from a user's attributes or a template can never start a header of its own.
public struct MailMessage: Sendable, Equatable {
    public let from: MailAddress
    public let to: [MailAddress]
    public let subject: String
    public let date: Date
    /// RFC 5322 §3.6.4 msg-id without the angle brackets: `id@domain`.
    public let messageID: String
    public let text: String
    public let html: String

    /// Checks every header value; `messageID` defaults to a new UUID at the From domain.
    public init(
        from: MailAddress, to: [MailAddress], subject: String, text: String, html: String,
        date: Date = Date(), messageID: String? = nil
    ) throws(MailError) {
        guard !to.isEmpty else { throw MailError("The message has no recipient.") }
        try MailHeader.refuseControls(subject, field: "subject")
        guard !subject.trimmingSpaces.isEmpty else { throw MailError("The message has an empty subject.") }
        let id = messageID ?? "\(UUID().uuidString.lowercased())@\(from.domain)"
        // RFC 5322 §3.6.4: msg-id = "<" id-left "@" id-right ">", both dot-atom-text here.
        guard (try? MailAddress(id)) != nil else {
            throw MailError("The Message-ID \(MailAddress.quoted(id)) is not of the form id@domain.")
        }
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = id
        self.text = text
        self.html = html
    }

    /// The header block, CRLF line ends, without the blank line that ends it.
    public var headers: String {
        // The checks in init leave nothing that can throw here.
        let subjectLine = (try? MailHeader.unstructured("Subject", subject)) ?? "Subject: (no subject)"
        return [
            MailHeader.addresses("From", [from]),
            MailHeader.addresses("To", to),
            subjectLine,
            MailHeader.raw("Date", Self.rfc5322Date(date)),
            MailHeader.raw("Message-ID", "<\(messageID)>"),
            // RFC 3834 §5: a notification, so auto-responders do not answer it.
            MailHeader.raw("Auto-Submitted", "auto-generated"),
            MailHeader.raw("MIME-Version", "1.0"),
            MailHeader.fold("Content-Type", ["multipart/alternative;", "boundary=\"\(boundary)\""]),
        ].joined(separator: "\r\n")
    }

    /// The whole message: headers, a blank line, the two parts. Plain text is first because
    /// RFC 2046 §5.1.4 orders alternatives from the plainest to the richest. ASCII only.
    public func rendered() -> [UInt8] {
        var out = Array((headers + "\r\n\r\n").utf8)
        out += "This is a MIME message: a plain-text part and an HTML part.\r\n".utf8
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            out += "--\(boundary)\r\n".utf8
            out += "Content-Type: \(type); charset=utf-8\r\n".utf8
            out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n".utf8
            out += QuotedPrintable.encode(body)
        }
        out += "--\(boundary)--\r\n".utf8
        return out
    }

    /// The message as text (ASCII, CRLF line ends), for logs and previews.
    public var renderedText: String { String(decoding: rendered(), as: UTF8.self) }

    /// RFC 2046 §5.1.1: the boundary must not occur in the parts. Quoted-printable output holds
    /// "=" only before two hex digits or a line end, so "=_" never occurs in it.
    var boundary: String { "=_scimd_" + messageID.prefix(while: { $0 != "@" }).filter { $0.isLetter || $0.isNumber } }

    /// RFC 5322 §3.3 date-time in UTC: `Tue, 01 Dec 2026 17:40:15 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let day = days[((c.weekday ?? 1) - 1 + 7) % 7]
        let month = months[((c.month ?? 1) - 1 + 12) % 12]
        return "\(day), \(two(c.day)) \(month) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
