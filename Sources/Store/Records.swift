import SCIM

/// A tenant: the unit of isolation. Every stored row belongs to exactly one.
public struct TenantRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var createdMs: Int64
    public init(id: Int64, name: String, createdMs: Int64) {
        self.id = id
        self.name = name
        self.createdMs = createdMs
    }
}

/// What a bearer token may call.
public enum TokenKind: String, Sendable, Hashable, Codable {
    /// The identity provider's token for `/scim/v2`.
    case scim
    /// An operator's token for `/admin/v1`.
    case admin
}

/// A bearer token as stored: the secret itself is never kept, only its hash.
public struct TokenRecord: Sendable, Hashable {
    public var id: String
    public var tenantID: Int64
    public var tenantName: String
    public var kind: TokenKind
    public var name: String
    /// The first characters of the secret, so an operator can tell tokens apart.
    public var prefix: String
    public var createdMs: Int64
    public var expiresMs: Int64?
    public var revokedMs: Int64?
    public var lastUsedMs: Int64?

    public init(
        id: String, tenantID: Int64, tenantName: String, kind: TokenKind, name: String, prefix: String,
        createdMs: Int64, expiresMs: Int64? = nil, revokedMs: Int64? = nil, lastUsedMs: Int64? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.tenantName = tenantName
        self.kind = kind
        self.name = name
        self.prefix = prefix
        self.createdMs = createdMs
        self.expiresMs = expiresMs
        self.revokedMs = revokedMs
        self.lastUsedMs = lastUsedMs
    }
}

/// A stored User or Group: its body without `id`, `meta`, `members` or `groups`.
public struct ResourceRecord: Sendable {
    /// Store-internal row number; stable creation order for paging.
    public var seq: Int64
    public var type: String
    public var id: String
    public var body: SCIMObject
    public var version: Int64
    public var createdMs: Int64
    public var modifiedMs: Int64

    public init(seq: Int64, type: String, id: String, body: SCIMObject, version: Int64, createdMs: Int64, modifiedMs: Int64) {
        self.seq = seq
        self.type = type
        self.id = id
        self.body = body
        self.version = version
        self.createdMs = createdMs
        self.modifiedMs = modifiedMs
    }
}

/// A reference from a group to a member or from a user to a group.
public struct MemberReference: Sendable, Hashable {
    public var seq: Int64
    public var id: String
    public var type: String
    public var display: String?
}

/// A query over one resource type (RFC 7644 §3.4.2): filter, sort and 1-based index paging.
public struct ResourceQuery: Sendable {
    public var filter: Filter?
    public var sortBy: AttributePath?
    public var descending: Bool
    public var startIndex: Int
    public var count: Int

    public init(filter: Filter? = nil, sortBy: AttributePath? = nil, descending: Bool = false, startIndex: Int = 1, count: Int = 100) {
        self.filter = filter
        self.sortBy = sortBy
        self.descending = descending
        self.startIndex = startIndex
        self.count = count
    }
}

/// One page of a query.
public struct ResourcePage: Sendable {
    public var totalResults: Int
    public var records: [ResourceRecord]
}

/// Outcome of a sync-log entry (requirements §7).
public enum SyncStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case success, failure, skipped, warning
}

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

/// Which sync-log entries to read, newest first.
public struct SyncLogQuery: Sendable {
    public var tenantID: Int64?
    public var sinceMs: Int64?
    public var untilMs: Int64?
    public var afterSeq: Int64?
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
