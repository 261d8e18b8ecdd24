import SCIM
import Store

extension SyncLogQuery {
    /// Reads `--since` / `--until` style values: a duration back from now (30m, 24h, 7d, 2w) or a
    /// date (2026-11-23 or an RFC 3339 timestamp). Nil when it is neither.
    public static func time(_ text: String, nowMs: Int64) -> Int64? {
        let units: [Character: Int64] = ["s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000]
        if let unit = text.last, let factor = units[unit], let n = Int64(text.dropLast()), n >= 0, n < 100_000 {
            return nowMs - n * factor
        }
        if let ms = SCIMDateTime.parse(text) { return ms }
        if text.count == 10, let ms = SCIMDateTime.parse(text + "T00:00:00Z") { return ms }
        return nil
    }
}

extension SyncLogQuery {
    /// Builds a query from the filters an administrator types (`scimctl log`, `/admin/v1/log`).
    public static func parse(
        since: String?, until: String?, status: String?, user: String?, group: String?, operation: String?,
        limit: Int, nowMs: Int64
    ) throws(AdminError) -> SyncLogQuery {
        var query = SyncLogQuery(limit: limit)
        guard (1...100_000).contains(limit) else { throw AdminError(.invalid, "limit must be between 1 and 100000.") }
        for (name, value) in [("since", since), ("until", until)] {
            if let value, time(value, nowMs: nowMs) == nil {
                throw AdminError(.invalid, "\(name) must be a duration like 24h or 7d, or a date like 2026-11-23.")
            }
        }
        query.sinceMs = since.flatMap { time($0, nowMs: nowMs) }
        query.untilMs = until.flatMap { time($0, nowMs: nowMs) }
        if let status {
            guard let parsed = SyncStatus(rawValue: status) else {
                throw AdminError(.invalid, "status must be success, failure, skipped or warning.")
            }
            query.statuses = [parsed]
        }
        if user != nil, group != nil { throw AdminError(.invalid, "Give user or group, not both.") }
        if let user {
            query.resourceName = user
            query.resourceType = ResourceKind.user.rawValue
        }
        if let group {
            query.resourceName = group
            query.resourceType = ResourceKind.group.rawValue
        }
        query.operation = operation
        return query
    }
}
