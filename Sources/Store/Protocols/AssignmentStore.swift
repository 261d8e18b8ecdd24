/// What mappings produce for each user: effective assignments, open mapping errors, and the
/// lookups that find the users a mapping reaches.
///
/// Contract: a user has at most one assignment; `saveAssignment` replaces it (upsert), and
/// `assignment(userSeq:)` is nil when none was saved. A mapping error is unique per user, kind,
/// group key and target key: inserting the same one again replaces it. Assignments and errors
/// go when their user is deleted. A group reference matches a Group's displayName
/// case-insensitively or its externalId exactly. Lists of row numbers are distinct; the paged
/// forms return them ascending, above `after`, at most `limit`.
public protocol AssignmentStore {
    /// Members (users only) of the tenant's groups whose displayName (case-insensitively) or externalId is `groupRef`.
    func memberSeqs(tenantID: Int64, groupRef: String) async throws -> [Int64]
    /// Up to `limit` members (users) of the groups `groupRef` names, above row number `after`, in order.
    func memberSeqs(tenantID: Int64, groupRef: String, after: Int64, limit: Int) async throws -> [Int64]
    /// Up to `limit` of the tenant's users above row number `after`, in order (a scope-rules change reaches them all).
    func userSeqs(tenantID: Int64, after: Int64, limit: Int) async throws -> [Int64]
    /// The groups a resource is a direct member of, with the names a `groupRef` matches.
    func groupIdentities(memberSeq: Int64) async throws -> [GroupIdentity]
    /// False when the tenant has no mappings, no held assignments and no open mapping errors:
    /// then no membership change can have an effect, and recomputing can be skipped.
    func hasMappingState(tenantID: Int64) async throws -> Bool
    func assignment(userSeq: Int64) async throws -> AssignmentRecord?
    /// Inserts or replaces the user's assignment.
    func saveAssignment(_ assignment: AssignmentRecord, tenantID: Int64) async throws
    /// A user's open errors in creation order.
    func mappingErrors(userSeq: Int64) async throws -> [MappingErrorRecord]
    /// A tenant's open errors in creation order, each with its user's userName.
    func mappingErrors(tenantID: Int64) async throws -> [MappingErrorRecord]
    /// How many errors are open, per tenant name and kind (the `/metrics` gauge).
    func mappingErrorCounts() async throws -> [(tenant: String, kind: MappingKind, count: Int)]
    /// Users with an open error about this role or organization.
    func userSeqsWithMappingErrors(tenantID: Int64, kind: MappingKind, targetKey: String) async throws -> [Int64]
    /// Up to `limit` users with an open error about this target, above row number `after`, in order.
    func userSeqsWithMappingErrors(tenantID: Int64, kind: MappingKind, targetKey: String, after: Int64, limit: Int)
        async throws -> [Int64]
    /// Records an open error, replacing one about the same user, kind, group and target.
    func insertMappingError(_ error: MappingErrorRecord, tenantID: Int64) async throws
    /// Closes an error; a missing id is not an error.
    func deleteMappingError(id: Int64) async throws
}
