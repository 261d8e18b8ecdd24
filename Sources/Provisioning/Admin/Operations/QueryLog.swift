import SCIM
import Store

/// Sync-log entries, newest first, filtered the way an administrator asks ("which users failed
/// and why in the last 24 h?"). With `afterSequence` it returns what came after an entry, oldest
/// first, which is how `scimctl log --follow` tails the log.
public struct QueryLog: AdminOperation {
    /// A duration back from now (30m, 24h, 7d) or a date (2026-11-23 or an RFC 3339 timestamp).
    public var since: String?
    public var until: String?
    public var status: String?
    public var user: String?
    public var group: String?
    public var operation: String?
    /// The operator may name any tenant; a tenant's administrator reads only their own.
    public var tenant: String?
    public var limit: Int
    public var afterSequence: Int64?
    /// Only entries older than this one, newest first: the next page of a listing.
    public var beforeSequence: Int64?

    public init(
        since: String? = nil, until: String? = nil, status: String? = nil, user: String? = nil, group: String? = nil,
        operation: String? = nil, tenant: String? = nil, limit: Int = 100, afterSequence: Int64? = nil,
        beforeSequence: Int64? = nil
    ) {
        self.since = since
        self.until = until
        self.status = status
        self.user = user
        self.group = group
        self.operation = operation
        self.tenant = tenant
        self.limit = limit
        self.afterSequence = afterSequence
        self.beforeSequence = beforeSequence
    }

    /// The store query these filters make; fails with the sentence to show when one is malformed.
    public func query(nowMs: Int64) throws(AdminError) -> SyncLogQuery {
        var query = try SyncLogQuery.parse(
            since: since, until: until, status: status, user: user, group: group, operation: operation, limit: limit, nowMs: nowMs)
        if let afterSequence {
            query.afterSeq = afterSequence
            query.sinceMs = nil
        }
        query.beforeSeq = beforeSequence
        return query
    }

    public func perform(_ context: AdminContext) async throws -> [LogEntrySummary] {
        var query = try query(nowMs: context.services.clock.nowMs())
        if let own = context.tenant {
            if let tenant, caseFold(tenant) != caseFold(own.name) {
                throw AdminError(.notFound, "No tenant named '\(tenant)' is visible to this caller.")
            }
            query.tenantID = own.id
        } else if let tenant {
            query.tenantID = try await context.services.tenants.tenant(named: tenant).id
        }
        return try await context.services.syncLog.entries(query).map { LogEntrySummary($0) }
    }
}
