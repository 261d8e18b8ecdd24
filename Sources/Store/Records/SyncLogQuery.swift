/// Which sync-log entries to read, newest first.
public struct SyncLogQuery: Sendable {
    public var tenantID: Int64?
    public var sinceMs: Int64?
    public var untilMs: Int64?
    public var afterSeq: Int64?
    /// Only entries older than this one (the next page of a newest-first listing).
    public var beforeSeq: Int64?
    public var statuses: [SyncStatus]
    public var resourceID: String?
    /// Matches resource name or external id, case-insensitively.
    public var resourceName: String?
    public var resourceType: String?
    public var operation: String?
    public var limit: Int

    public init(
        tenantID: Int64? = nil, sinceMs: Int64? = nil, untilMs: Int64? = nil, afterSeq: Int64? = nil,
        statuses: [SyncStatus] = [], resourceID: String? = nil, resourceName: String? = nil,
        resourceType: String? = nil, operation: String? = nil, limit: Int = 100
    ) {
        self.tenantID = tenantID
        self.sinceMs = sinceMs
        self.untilMs = untilMs
        self.afterSeq = afterSeq
        self.statuses = statuses
        self.resourceID = resourceID
        self.resourceName = resourceName
        self.resourceType = resourceType
        self.operation = operation
        self.limit = limit
    }
}
