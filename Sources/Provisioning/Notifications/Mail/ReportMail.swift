import Foundation
import SCIM

/// The notification mails about synchronization: the sync report (the same `ReportText` and
/// `ReportHTML` that scimctl and the admin API show) and the `sync.errors` digest.
public enum ReportMail {
    /// At most this many failures are listed in one errors mail; the rest are counted.
    public static let listedFailureLimit = 50

    // MARK: - Sync report

    /// The report as a mail: the text rendering as its plain part, the HTML page as its HTML part.
    public static func message(
        for report: SyncReport, from: MailAddress, to: [MailAddress], date: Date = Date()
    ) throws(MailError) -> MailMessage {
        try MailMessage(
            from: from, to: to, subject: subject(for: report), text: ReportText.render(report), html: ReportHTML.render(report),
            date: date)
    }

    /// `scimd sync report for acme: 2 failures, 120 changes (24 h)`. Failures are the refused
    /// requests of the period; changes the users and groups created, updated and deleted.
    public static func subject(for report: SyncReport) -> String {
        let failures = report.refusals.total
        let changes = [report.users, report.groups].reduce(0) { $0 + $1.created + $1.updated + $1.deleted }
        var subject = "scimd sync report for \(oneLine(report.tenant)): "
        subject += "\(counted(failures, "failure", "failures")), \(counted(changes, "change", "changes"))"
        if let length = periodLabel(since: report.since, until: report.until) { subject += " (\(length))" }
        return subject
    }

    /// `24 h`, `7 d`, `90 min`: the period as the subject shows it; nil when unreadable.
    public static func periodLabel(since: String, until: String) -> String? {
        guard let start = SCIMDateTime.parse(since), let end = SCIMDateTime.parse(until), end > start else { return nil }
        let minutes = (end - start) / 60_000
        if minutes >= 2 * 24 * 60, minutes % (24 * 60) == 0 { return "\(minutes / (24 * 60)) d" }
        if minutes >= 60, minutes % 60 == 0 { return "\(minutes / 60) h" }
        if minutes >= 1 { return "\(minutes) min" }
        return "\((end - start) / 1000) s"
    }

    // MARK: - sync.errors

    /// `scimd: 3 sync errors for acme`, with each failure, its resource and its remedy.
    public static func message(
        for batch: SyncErrorBatch, from: MailAddress, to: [MailAddress], date: Date = Date()
    ) throws(MailError) -> MailMessage {
        let content = try content(for: batch)
        return try MailMessage(from: from, to: to, subject: content.subject, text: content.text, html: content.html, date: date)
    }

    /// The errors digest's subject, text and HTML (the mail's parts; a chat post's text).
    public static func content(for batch: SyncErrorBatch) throws(MailError) -> NotificationContent {
        let count = batch.failures.count
        guard count > 0 else { throw MailError("A sync-errors mail needs at least one failure.") }
        let subject = "scimd: \(counted(count, "sync error", "sync errors")) for \(oneLine(batch.tenant))"
        let listed = batch.failures.prefix(listedFailureLimit)
        let rest = count - listed.count
        let log = "scimctl log --tenant \(shellWord(batch.tenant)) --status failure"
        let diagnose = "scimctl diagnose --tenant \(shellWord(batch.tenant)) --user NAME"

        var text = ["\(counted(count, "synchronization failure", "synchronization failures")) for tenant '\(batch.tenant)':", ""]
        for failure in listed {
            text.append("- \(failure.time)\(failure.resource.map { " \($0)" } ?? ""): \(failure.message)")
            if let remedy = failure.remedy { text.append("  Remedy: \(remedy)") }
        }
        if rest > 0 { text.append("… and \(counted(rest, "more failure", "more failures")); see \(log).") }
        text += ["", "Details: \(log), or \(diagnose)."]

        let e = ReportHTML.escape
        var html = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(e(subject))</title></head>
            <body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #1f2328;">
            <p>\(e(counted(count, "synchronization failure", "synchronization failures"))) for tenant <b>\(e(batch.tenant))</b>:</p>
            <ul>

            """
        for failure in listed {
            html += "<li><span style=\"color: #59636e;\">\(e(failure.time))</span>"
            if let resource = failure.resource { html += " <b>\(e(resource))</b>" }
            html += ": \(e(failure.message))"
            if let remedy = failure.remedy { html += "<br>Remedy: \(e(remedy))" }
            html += "</li>\n"
        }
        html += "</ul>\n"
        if rest > 0 { html += "<p>… and \(e(counted(rest, "more failure", "more failures"))); see <code>\(e(log))</code>.</p>\n" }
        html += "<p>Details: <code>\(e(log))</code>, or <code>\(e(diagnose))</code>.</p>\n</body></html>\n"
        return NotificationContent(subject: subject, text: text.joined(separator: "\n") + "\n", html: html)
    }

    // MARK: - Helpers

    /// The tenant as one shell word for a command the administrator copies: as it is when
    /// plain, else single-quoted.
    static func shellWord(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && shellSafe.contains($0) }
        return plain ? text : "'" + oneLine(text).replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static let shellSafe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@".unicodeScalars)

    private static func counted(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    /// A value for a subject: control characters (a line break in a name) become spaces, so the
    /// subject stays one header line.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
