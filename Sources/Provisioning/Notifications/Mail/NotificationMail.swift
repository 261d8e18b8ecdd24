import Foundation
import SCIM
import Store

/// Turns a delivery of an `email` subscription into the mail it sends: the daily report and the
/// `sync.errors` digest through `ReportMail`, resource events as one list, `notify.test` as a
/// short confirmation. The delivery's payload is the same JSON a webhook would receive
/// (docs/events.md), so both channels tell the same story.
public enum NotificationMail {
    public static func message(
        for delivery: DeliveryRecord, to recipient: MailAddress, from: MailAddress, date: Date = Date()
    ) throws(MailError) -> MailMessage {
        let content = try content(for: delivery)
        return try MailMessage(from: from, to: [recipient], subject: content.subject, text: content.text, html: content.html, date: date)
    }

    /// What a delivery says, as a subject, text and HTML: the parts of its mail, and the text of
    /// a chat post (`WebhookFormat`).
    public static func content(for delivery: DeliveryRecord) throws(MailError) -> NotificationContent {
        guard let payload = try? SCIMValue(parsing: delivery.payload) else {
            throw MailError("Delivery \(delivery.id) has a body that is not JSON, so no message can be made of it.")
        }
        let tenant = payload["tenant"]?.stringValue ?? payload["events"]?.arrayValue?.first?["tenant"]?.stringValue ?? ""
        switch delivery.kind {
        case EventType.syncReport.rawValue:
            let report = try report(payload, delivery)
            return NotificationContent(subject: ReportMail.subject(for: report), text: ReportText.render(report), html: ReportHTML.render(report))
        case EventType.syncErrors.rawValue:
            return try ReportMail.content(for: errorBatch(payload, tenant: tenant))
        case NotificationService.testEventType:
            let text = """
                This is a test notification from scimd for tenant '\(tenant)'.
                It arrived, so the daily report and error alerts will arrive here too.

                """
            return NotificationContent(subject: "scimd test notification for \(ReportMail.oneLine(tenant))", text: text, html: html(text))
        default:
            return eventList(payload["events"]?.arrayValue ?? [payload], tenant: tenant)
        }
    }

    static func report(_ payload: SCIMValue, _ delivery: DeliveryRecord) throws(MailError) -> SyncReport {
        do {
            guard let data = payload["data"] else { throw MailError("") }
            return try JSONDecoder().decode(SyncReport.self, from: Data(data.jsonString.utf8))
        } catch {
            throw MailError("The sync report in delivery \(delivery.id) could not be read back: \(error).")
        }
    }

    static func errorBatch(_ payload: SCIMValue, tenant: String) -> SyncErrorBatch {
        let failures = (payload["data"]?["failures"]?.arrayValue ?? []).map { failure in
            SyncErrorBatch.Failure(
                time: failure["time"]?.stringValue ?? "", resource: failure["resourceName"]?.stringValue,
                message: failure["message"]?.stringValue ?? "", remedy: failure["remedy"]?.stringValue)
        }
        return SyncErrorBatch(tenant: tenant, failures: failures)
    }

    /// `scimd: user.created ann@example.com (acme)` for one event, `scimd: 12 events for acme`
    /// for more; a line per event with its time, type and resource.
    static func eventList(_ events: [SCIMValue], tenant: String) -> NotificationContent {
        let lines = events.map { event -> String in
            let data = event["data"]
            let name = data?["userName"]?.stringValue ?? data?["displayName"]?.stringValue ?? data?["id"]?.stringValue ?? ""
            var line = "\(event["time"]?.stringValue ?? "")  \(event["type"]?.stringValue ?? "")  \(name)"
            if let changed = data?["changedAttributes"]?.arrayValue?.compactMap(\.stringValue), !changed.isEmpty {
                line += " (\(changed.joined(separator: ", ")))"
            }
            return line
        }
        let subject: String
        if events.count == 1, let only = events.first {
            let data = only["data"]
            let name = data?["userName"]?.stringValue ?? data?["displayName"]?.stringValue ?? ""
            subject = "scimd: \(only["type"]?.stringValue ?? "event") \(name) (\(tenant))"
        } else {
            subject = "scimd: \(events.count) events for \(tenant)"
        }
        let text = "Changes in tenant '\(tenant)':\n\n" + lines.joined(separator: "\n")
            + "\n\nThe full events: scimctl events --tenant \(ReportMail.shellWord(tenant)) --json\n"
        return NotificationContent(subject: ReportMail.oneLine(subject), text: text, html: html(text))
    }

    /// The plain text as a minimal HTML part, for clients that show only HTML.
    static func html(_ text: String) -> String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"></head>
        <body><pre style="font-family: Menlo, Consolas, monospace; font-size: 13px;">\(ReportHTML.escape(text))</pre></body></html>

        """
    }
}

/// A notification as people read it: a one-line subject, a plain text and an HTML rendering.
public struct NotificationContent: Sendable, Equatable {
    public var subject: String
    public var text: String
    public var html: String

    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
