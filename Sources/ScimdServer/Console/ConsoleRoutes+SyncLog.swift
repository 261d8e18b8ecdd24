import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Provisioning
import SCIM

extension ConsoleRoutes {
    /// The filters the sync-log page passes on, by query parameter.
    static let logFilters = ["status", "operation", "user", "group", "since", "until"]

    /// `GET /console/log`: entries newest first, `pageSize` a page; `before` pages back.
    func syncLog(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var filters: [String: String] = [:]
        for name in Self.logFilters {
            if let value = query.get(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty { filters[name] = value }
        }
        var data: [String: Any] = ["filters": filters]
        let statuses: [(value: String, label: String)] = [("", "Any"), ("success", "success"), ("failure", "failure"), ("warning", "warning"), ("skipped", "skipped")]
        data["statuses"] = statuses.map { status -> [String: Any] in
            ["value": status.value, "label": status.label, "selected": (filters["status"] ?? "") == status.value]
        }
        let before = query.get("before").flatMap { Int64($0) }
        let operation = QueryLog(
            since: filters["since"], until: filters["until"], status: filters["status"], user: filters["user"],
            group: filters["group"], operation: filters["operation"], limit: Self.pageSize + 1, beforeSequence: before)
        let entries: [LogEntrySummary]
        do {
            entries = try await run(operation, context)
        } catch let refusal as ConsoleRefusal where refusal.status == 400 {
            data["error"] = refusal.message
            return pages.render(SyncLogPage.name, title: "Sync log", state: context.console, current: "/console/log", status: .badRequest, data: data)
        }
        let shown = Array(entries.prefix(Self.pageSize))
        data["entries"] = try shown.map { try ConsoleView.value($0) }
        data["has_entries"] = !shown.isEmpty
        if entries.count > Self.pageSize, let last = shown.last {
            data["olderHref"] = Self.logHref(filters, before: last.entry.seq)
        }
        if before != nil { data["newerHref"] = Self.logHref(filters, before: nil) }
        // Live follow belongs on the newest page only (the script adds its switch there).
        if before == nil { data["streamHref"] = Self.logHref(filters, before: nil, path: "/console/log/stream") }
        data["csvHref"] = Self.logHref(filters, before: nil, path: "/console/log/export", format: "csv")
        data["ndjsonHref"] = Self.logHref(filters, before: nil, path: "/console/log/export", format: "ndjson")
        return pages.render(SyncLogPage.name, title: "Sync log", state: context.console, current: "/console/log", data: data)
    }

    /// `GET /console/log/export?format=csv|ndjson&…`: the filtered log as a file to download.
    func exportLog(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let format = SyncLogExport.Format(rawValue: query.get("format") ?? "") else {
            throw ConsoleRefusal(status: 400, heading: "Cannot do that", "Export as format=csv or format=ndjson.")
        }
        var filters: [String: String] = [:]
        for name in Self.logFilters {
            if let value = query.get(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty { filters[name] = value }
        }
        let operation = QueryLog(
            since: filters["since"], until: filters["until"], status: filters["status"], user: filters["user"],
            group: filters["group"], operation: filters["operation"])
        let file = try await run(ExportLog(query: operation, format: format), context)
        var headers = HTTPFields()
        headers[.contentType] = file.contentType
        headers[.contentDisposition] = "attachment; filename=\"sync-log.\(format.rawValue)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: file.body)))
    }

    /// `GET /console/log/:seq`: one entry of the session's tenant, with its remedy.
    func logEntry(_ context: ScimdRequestContext) async throws -> Response {
        guard let sequence = Int64(try parameter("seq", context)) else {
            throw ConsoleRefusal.notFound("A sync-log entry is named by its number.")
        }
        let summary = try await run(ShowLogEntry(sequence: sequence), context)
        guard var data = try ConsoleView.value(summary) as? [String: Any] else {
            throw ConsoleRefusal.notFound("No sync-log entry \(sequence).")
        }
        let entry = summary.entry
        ConsoleView.addChangeRows(entry.changes, to: &data)
        if let details = entry.details, details != .null {
            data["details"] = ConsoleView.pretty(details)
            if let remedy = details["remedy"]?.stringValue { data["remedy"] = remedy }
        }
        if entry.resourceType == "User", let id = entry.resourceID {
            data["userHref"] = "/console/users/\(Self.pathComponent(id))"
        }
        return pages.render(LogEntryPage.name, title: "Sync-log entry \(sequence)", state: context.console, current: "/console/log", data: data)
    }

    /// The sync-log page with `filters`, from entries older than `before` (the first page when nil).
    static func logHref(_ filters: [String: String], before: Int64?, path: String = "/console/log", format: String? = nil) -> String {
        var components = URLComponents()
        components.path = path
        var items = logFilters.compactMap { name in filters[name].map { URLQueryItem(name: name, value: $0) } }
        if let format { items.append(URLQueryItem(name: "format", value: format)) }
        if let before { items.append(URLQueryItem(name: "before", value: String(before))) }
        components.queryItems = items.isEmpty ? nil : items
        // URLComponents leaves `+` as is, which a form decoder reads as a space.
        return (components.string ?? "/console/log").replacingOccurrences(of: "+", with: "%2B")
    }

    /// One path segment, percent-encoded (RFC 3986 §3.3).
    static func pathComponent(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
