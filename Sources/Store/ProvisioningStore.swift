import SCIM

/// Where scimd keeps tenants, tokens, resources, memberships and the sync log.
///
/// Work happens in transactions so a change and its sync-log entry commit together (requirements §7).
/// Transaction bodies are `async` so a networked store (PostgreSQL) fits the same protocol;
/// the SQLite store never suspends inside them.
public protocol ProvisioningStore: Sendable {
    /// Runs `body` on a consistent snapshot.
    func read<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T
    /// Runs `body` in a write transaction: committed if it returns, rolled back if it throws.
    /// Writers are serialised.
    func write<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T
    /// Makes everything committed durable in the main database file (shutdown); may do nothing.
    func checkpoint() async
}

/// The operations available inside a transaction. Write methods throw when used in `read`.
public protocol StoreTransaction {
    // MARK: Tenants and tokens
    func createTenant(name: String, nowMs: Int64) async throws -> TenantRecord
    func tenant(named name: String) async throws -> TenantRecord?
    func tenant(id: Int64) async throws -> TenantRecord?
    func tenants() async throws -> [TenantRecord]
    func insertToken(_ token: TokenRecord, hash: String) async throws
    /// Tokens whose public prefix is `prefix`, with their stored hashes, for a constant-time check.
    func tokenCandidates(prefix: String) async throws -> [(record: TokenRecord, hash: String)]
    func tokens(tenantID: Int64?) async throws -> [TokenRecord]
    func revokeToken(id: String, nowMs: Int64) async throws -> Bool
    func markTokenUsed(id: String, nowMs: Int64) async throws

    // MARK: Resources
    func insertResource(
        tenantID: Int64, type: String, id: String, body: SCIMObject, keys: IndexKeys, nowMs: Int64
    ) async throws -> ResourceRecord
    /// Replaces the body and bumps the version.
    func updateResource(seq: Int64, body: SCIMObject, keys: IndexKeys, nowMs: Int64) async throws -> ResourceRecord
    /// Bumps version and lastModified without touching the body (membership changes).
    func touchResource(seq: Int64, nowMs: Int64) async throws
    /// Bumps version and modification time of each resource whose representation changed while
    /// its body did not (a user's `groups` or computed extension; a group's `members`).
    func touchResources(seqs: [Int64], nowMs: Int64) async throws
    /// Bumps every member of a group: their `groups` change when it is renamed or deleted.
    func touchMembers(groupSeq: Int64, nowMs: Int64) async throws
    /// Bumps every group that holds a resource: their `members` change when it is renamed or deleted.
    func touchGroups(memberSeq: Int64, nowMs: Int64) async throws
    func deleteResource(seq: Int64) async throws
    func resource(tenantID: Int64, type: String, id: String) async throws -> ResourceRecord?
    func resource(tenantID: Int64, type: String, nameKey: String) async throws -> ResourceRecord?
    /// Finds resources of any type by id; ids not found are absent from the result.
    func references(tenantID: Int64, ids: [String]) async throws -> [String: MemberReference]
    func query(tenantID: Int64, type: String, _ query: ResourceQuery, schema: ResourceSchema) async throws -> ResourcePage
    func count(tenantID: Int64, type: String) async throws -> Int

    // MARK: Group membership
    /// Adds members not already present; returns the ones added.
    func addMembers(groupSeq: Int64, memberSeqs: [Int64]) async throws -> [Int64]
    /// Removes the given members; returns the ones that were present.
    func removeMembers(groupSeq: Int64, memberSeqs: [Int64]) async throws -> [Int64]
    func removeAllMembers(groupSeq: Int64) async throws -> [Int64]
    func members(groupSeq: Int64) async throws -> [MemberReference]
    /// The row numbers of a group's members, without reading the members themselves.
    func memberSeqs(groupSeq: Int64) async throws -> [Int64]
    /// Counts members but stops at `limit`, so asking "is this group large?" costs at most `limit` rows.
    func memberCount(groupSeq: Int64, upTo limit: Int) async throws -> Int
    func groups(memberSeq: Int64) async throws -> [MemberReference]

    // MARK: Roles, organizations, mappings (requirements §4)
    func roles(tenantID: Int64) async throws -> [RoleRecord]
    func insertRole(tenantID: Int64, name: String, description: String?, nowMs: Int64) async throws -> RoleRecord
    func deleteRole(id: Int64) async throws
    func organizations(tenantID: Int64) async throws -> [OrganizationRecord]
    func insertOrganization(tenantID: Int64, name: String, parentID: Int64?, nowMs: Int64) async throws -> OrganizationRecord
    /// Deletes an organization; its children move up to its parent.
    func deleteOrganization(id: Int64) async throws
    func mappings(tenantID: Int64) async throws -> [MappingRecord]
    func insertMapping(
        tenantID: Int64, kind: MappingKind, groupRef: String, targetName: String, priority: Int, nowMs: Int64
    ) async throws -> MappingRecord
    func deleteMapping(id: Int64, tenantID: Int64) async throws -> MappingRecord?
    /// Members of the tenant's groups whose displayName (case-insensitively) or externalId is `groupRef`.
    func memberSeqs(tenantID: Int64, groupRef: String) async throws -> [Int64]
    /// The groups a resource is a direct member of.
    func groupIdentities(memberSeq: Int64) async throws -> [GroupIdentity]
    func resource(seq: Int64) async throws -> ResourceRecord?
    /// False when the tenant has no mappings, no held assignments and no open mapping errors:
    /// then no membership change can have an effect, and recomputing can be skipped.
    func hasMappingState(tenantID: Int64) async throws -> Bool
    func assignment(userSeq: Int64) async throws -> AssignmentRecord?
    func saveAssignment(_ assignment: AssignmentRecord, tenantID: Int64) async throws
    func mappingErrors(userSeq: Int64) async throws -> [MappingErrorRecord]
    func mappingErrors(tenantID: Int64) async throws -> [MappingErrorRecord]
    /// Users with an open error about this role or organization.
    func userSeqsWithMappingErrors(tenantID: Int64, kind: MappingKind, targetKey: String) async throws -> [Int64]
    func insertMappingError(_ error: MappingErrorRecord, tenantID: Int64) async throws
    func deleteMappingError(id: Int64) async throws

    // MARK: Recompute jobs (assignment recomputes too large for one transaction)
    func insertRecomputeJob(_ job: RecomputeJobRecord) async throws -> Int64
    func recomputeJob(id: Int64) async throws -> RecomputeJobRecord?
    func unfinishedRecomputeJobs() async throws -> [RecomputeJobRecord]
    func updateRecomputeJob(id: Int64, afterSeq: Int64, done: Int, finishedMs: Int64?) async throws
    /// Up to `limit` members (users) of the groups `groupRef` names, above row number `after`, in order.
    func memberSeqs(tenantID: Int64, groupRef: String, after: Int64, limit: Int) async throws -> [Int64]
    /// Up to `limit` users with an open error about this target, above row number `after`, in order.
    func userSeqsWithMappingErrors(tenantID: Int64, kind: MappingKind, targetKey: String, after: Int64, limit: Int)
        async throws -> [Int64]

    // MARK: Sync log
    @discardableResult
    func appendLog(_ entry: SyncLogEntry) async throws -> Int64
    func logEntries(_ query: SyncLogQuery) async throws -> [SyncLogEntry]
    /// Deletes up to `limit` entries older than `beforeMs`; returns how many.
    func pruneLog(beforeMs: Int64, limit: Int) async throws -> Int
}

/// Values the store indexes for lookups and uniqueness, derived from a resource body.
public struct IndexKeys: Sendable, Hashable {
    /// Folded userName (User) or displayName (Group): unique per tenant and type.
    public var nameKey: String
    /// Folded displayName.
    public var displayKey: String?
    public var externalID: String?
    /// Folded values of indexed multi-valued sub-attributes, e.g. ("emails.value", "a@b.c").
    public var values: [IndexedValue]

    public init(nameKey: String, displayKey: String?, externalID: String?, values: [IndexedValue]) {
        self.nameKey = nameKey
        self.displayKey = displayKey
        self.externalID = externalID
        self.values = values
    }
}

/// One indexed value of a multi-valued attribute.
public struct IndexedValue: Sendable, Hashable {
    public var attribute: String
    public var key: String
    public init(attribute: String, key: String) {
        self.attribute = attribute
        self.key = key
    }
}
