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
        guard let payload = try? SCIMValue(parsing: delivery.payload) else {
            throw MailError("Delivery \(delivery.id) has a body that is not JSON, so no mail can be made of it.")
        }
        let tenant = payload["tenant"]?.stringValue ?? payload["events"]?.arrayValue?.first?["tenant"]?.stringValue ?? ""
        switch delivery.kind {
        case EventType.syncReport.rawValue:
            return try ReportMail.message(for: try report(payload, delivery), from: from, to: [recipient], date: date)
        case EventType.syncErrors.rawValue:
            return try ReportMail.message(for: errorBatch(payload, tenant: tenant), from: from, to: [recipient], date: date)
        case NotificationService.testEventType:
            let text = """
                This is a test notification from scimd for tenant '\(tenant)'.
                Mail to \(recipient.address) works: the daily report and error alerts will arrive here.

                """
            return try MailMessage(
                from: from, to: [recipient], subject: "scimd test notification for \(ReportMail.oneLine(tenant))", text: text,
                html: html(text), date: date)
        default:
            let events = payload["events"]?.arrayValue ?? [payload]
            return try eventList(events, tenant: tenant, from: from, to: recipient, date: date)
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
    static func eventList(
        _ events: [SCIMValue], tenant: String, from: MailAddress, to: MailAddress, date: Date
    ) throws(MailError) -> MailMessage {
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
        return try MailMessage(from: from, to: [to], subject: ReportMail.oneLine(subject), text: text, html: html(text), date: date)
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
