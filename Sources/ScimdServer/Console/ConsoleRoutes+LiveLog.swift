import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Provisioning
import SCIM
import ServiceLifecycle

extension ConsoleRoutes {
    /// How often the stream looks for new entries, and sends a comment when there were none.
    static let followPoll: Duration = .seconds(1)
    static let followKeepAlive: Duration = .seconds(15)
    /// A stream ends after this long; the browser's EventSource reconnects with `Last-Event-ID`.
    static let followLifetime: Duration = .seconds(30 * 60)

    /// `GET /console/log/stream?…filters`: new sync-log entries as Server-Sent Events (HTML
    /// Living Standard §9.2, `text/event-stream`), oldest first, each `id:` its sequence number so
    /// a reconnect (`Last-Event-ID`) resumes where it stopped. The session is re-checked every
    /// ten seconds: signing out, expiring, a revoked credential or a switch of tenant ends the stream.
    func followLog(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        guard let sessionID = context.console.sessionID, let tenantID = context.console.session?.tenantID else {
            throw ConsoleRefusal.csrf("Sign in first.")
        }
        let query = request.uri.queryParameters
        var filters: [String: String] = [:]
        for name in Self.logFilters {
            if let value = query.get(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty { filters[name] = value }
        }
        let filtered = filters
        @Sendable func operation(after: Int64?, limit: Int) -> QueryLog {
            let filters = filtered
            return QueryLog(
                since: filters["since"], until: filters["until"], status: filters["status"], user: filters["user"],
                group: filters["group"], operation: filters["operation"], limit: limit, afterSequence: after)
        }
        // Where to start: the reconnecting browser's last id, `?after=`, else after the newest entry now.
        var start = (request.headers[HTTPField.Name("Last-Event-ID")!] ?? query.get("after")).flatMap { Int64($0) }
        if start == nil {
            // Also checks the filters once, so a malformed one is a 400 page rather than a silent stream.
            start = try await run(operation(after: nil, limit: 1), context).first?.entry.seq ?? 0
        }
        let routes = self
        let first = start ?? 0
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let body = ResponseBody { writer in
            var after = first
            let clock = ContinuousClock()
            let started = clock.now
            var lastWrite = clock.now
            var lastCheck = clock.now
            try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
            while !Task.isCancelled, !Task.isShuttingDownGracefully, clock.now - started < Self.followLifetime {
                if clock.now - lastCheck >= .seconds(10) {
                    lastCheck = clock.now
                    // Ended (signed out, expired, credential revoked) or moved to another tenant.
                    guard case .live(let current)? = try? await routes.sessions.session(id: sessionID), current.tenantID == tenantID
                    else { break }
                }
                let entries = try await routes.run(operation(after: after, limit: 100), context)
                if !entries.isEmpty {
                    var text = ""
                    for summary in entries {
                        text += "id: \(summary.entry.seq)\nevent: entry\ndata: \(summary.entry.json.jsonString)\n\n"
                        after = summary.entry.seq
                    }
                    try await writer.write(ByteBuffer(string: text))
                    lastWrite = clock.now
                } else if clock.now - lastWrite >= Self.followKeepAlive {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    lastWrite = clock.now
                }
                try await Task.sleep(for: Self.followPoll)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
