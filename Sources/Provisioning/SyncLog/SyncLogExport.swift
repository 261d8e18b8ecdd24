import SCIM
import Store

/// Sync-log entries as a file to download: CSV (RFC 4180) or NDJSON (one `SyncLogEntry.json`
/// object a line, the shape `scimctl log --json` and `/admin/v1/log` use).
public enum SyncLogExport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, ndjson

        public var contentType: String {
            switch self {
            case .csv: return "text/csv; charset=utf-8"
            case .ndjson: return "application/x-ndjson"
            }
        }
    }

    static let columns = [
        "seq", "time", "status", "operation", "resourceType", "resourceId", "resourceName", "externalId", "client",
        "sourceAddress", "correlationId", "errorCode", "message", "remedy",
    ]

    public static func render(_ entries: [SyncLogEntry], as format: Format) -> String {
        switch format {
        case .ndjson:
            return entries.map { $0.json.jsonString + "\n" }.joined()
        case .csv:
            var lines = [columns.joined(separator: ",")]
            for e in entries {
                let row: [String] = [
                    String(e.seq), SCIMDateTime.format(milliseconds: e.timeMs), e.status.rawValue, e.operation, e.resourceType ?? "",
                    e.resourceID ?? "", e.resourceName ?? "", e.externalID ?? "", e.client ?? "", e.sourceAddress ?? "",
                    e.correlationID ?? "", e.errorCode ?? "", e.message, e.details?["remedy"]?.stringValue ?? "",
                ]
                lines.append(row.map(cell).joined(separator: ","))
            }
            return lines.joined(separator: "\r\n") + "\r\n"
        }
    }

    /// One CSV field. OWASP "CSV Injection": a cell a spreadsheet would read as a formula (it
    /// starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'` and quoted,
    /// so a userName like `=HYPERLINK(…)` stays text. RFC 4180 §2: a field with a comma, quote
    /// or line break is quoted, quotes doubled.
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { text = "'" + text }
        let needsQuotes = text != value || text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
