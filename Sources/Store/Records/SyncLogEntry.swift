import SCIM

/// One sync-log entry (requirements §7).
public struct SyncLogEntry: Sendable, Hashable {
    public var seq: Int64
    public var tenantID: Int64
    public var timeMs: Int64
    public var correlationID: String?
    public var client: String?
    public var sourceAddress: String?
    public var operation: String
    public var resourceType: String?
    public var resourceID: String?
    public var resourceName: String?
    public var externalID: String?
    public var status: SyncStatus
    public var errorCode: String?
    public var message: String
    /// JSON array of `{attribute, old, new}`.
    public var changes: SCIMValue?
    /// JSON object with entry-specific detail (mapping, group, remedy, …).
    public var details: SCIMValue?

    public init(
        seq: Int64 = 0, tenantID: Int64, timeMs: Int64, correlationID: String? = nil, client: String? = nil,
        sourceAddress: String? = nil, operation: String, resourceType: String? = nil, resourceID: String? = nil,
        resourceName: String? = nil, externalID: String? = nil, status: SyncStatus, errorCode: String? = nil,
        message: String, changes: SCIMValue? = nil, details: SCIMValue? = nil
    ) {
        self.seq = seq
        self.tenantID = tenantID
        self.timeMs = timeMs
        self.correlationID = correlationID
        self.client = client
        self.sourceAddress = sourceAddress
        self.operation = operation
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.resourceName = resourceName
        self.externalID = externalID
        self.status = status
        self.errorCode = errorCode
        self.message = message
        self.changes = changes
        self.details = details
    }
}
