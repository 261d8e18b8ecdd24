import Store

/// The sync report of the caller's tenant for a period (requirements §8): `scimctl report` and
/// `GET /admin/v1/report`. The period is `[since, until)`; `since` defaults to 24 hours back,
/// `until` to now, both in the forms `scimctl log` reads (24h, 7d, 2026-11-23, RFC 3339).
public struct ShowReport: AdminOperation {
    public var since: String?
    public var until: String?

    public init(since: String? = nil, until: String? = nil) {
        self.since = since
        self.until = until
    }

    /// The period in milliseconds; fails with one sentence naming the value that is wrong.
    public func period(nowMs: Int64) throws(AdminError) -> (sinceMs: Int64, untilMs: Int64) {
        func time(_ name: String, _ value: String?, default fallback: Int64) throws(AdminError) -> Int64 {
            guard let value else { return fallback }
            guard let ms = SyncLogQuery.time(value, nowMs: nowMs) else {
                throw AdminError(.invalid, "\(name) must be a duration like 24h or 7d, or a date like 2026-11-23; '\(value)' is neither.")
            }
            return ms
        }
        let sinceMs = try time("since", since, default: nowMs - 86_400_000)
        let untilMs = try time("until", until, default: nowMs)
        guard sinceMs < untilMs else { throw AdminError(.invalid, "since must be before until.") }
        return (sinceMs, untilMs)
    }

    public func perform(_ context: AdminContext) async throws -> SyncReport {
        let (sinceMs, untilMs) = try period(nowMs: context.services.clock.nowMs())
        return try await context.services.reports.report(tenant: try context.requireTenant(), sinceMs: sinceMs, untilMs: untilMs)
    }
}
