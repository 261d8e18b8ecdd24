import SCIM

/// Users and Groups as stored: body, version and times, addressed by tenant and type.
///
/// Contract: within a tenant and type, `id` is unique and so is `IndexKeys.nameKey` (the
/// folded userName, unique per RFC 7643 §4.1.1, or the folded displayName); a collision throws
/// `StoreError.duplicate` naming "userName" (User) or "displayName" (Group). Another tenant or
/// the other type may reuse both. Every write that changes a representation bumps `version`
/// and sets `modifiedMs` strictly later than before, so an ETag (RFC 7644 §3.14) always changes.
/// Lookups return nil when absent; `updateResource` and `deleteResource` of a missing row throw
/// `StoreError.notFound`. Deleting a resource removes its memberships in both directions.
/// Every record carries its `source`; an update of the body keeps it.
public protocol ResourceStore {
    /// Stores a new resource at version 1, managed by `source` (requirements §9).
    func insertResource(
        tenantID: Int64, type: String, id: String, body: SCIMObject, keys: IndexKeys, source: ResourceSource, nowMs: Int64
    ) async throws -> ResourceRecord
    /// Replaces the body and bumps the version.
    func updateResource(seq: Int64, body: SCIMObject, keys: IndexKeys, nowMs: Int64) async throws -> ResourceRecord
    /// Sets who manages the resource; a change bumps version and modification time, setting the
    /// source it already has changes nothing. A missing row throws `StoreError.notFound`.
    func setResourceSource(seq: Int64, _ source: ResourceSource, nowMs: Int64) async throws
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
    /// By the store's row number, whatever the tenant (the caller got `seq` from this tenant).
    func resource(seq: Int64) async throws -> ResourceRecord?
    /// Finds resources of any type by id; ids not found are absent from the result.
    func references(tenantID: Int64, ids: [String]) async throws -> [String: MemberReference]
    func query(tenantID: Int64, type: String, _ query: ResourceQuery, schema: ResourceSchema) async throws -> ResourcePage
    func count(tenantID: Int64, type: String) async throws -> Int
}

extension ResourceStore {
    /// Stores a new resource provisioned over SCIM (`source` scim), the common case.
    public func insertResource(
        tenantID: Int64, type: String, id: String, body: SCIMObject, keys: IndexKeys, nowMs: Int64
    ) async throws -> ResourceRecord {
        try await insertResource(tenantID: tenantID, type: type, id: id, body: body, keys: keys, source: .scim, nowMs: nowMs)
    }
}
