/// Group membership: which resources (users or groups) a group directly holds (RFC 7643 §4.2).
///
/// Contract: a member is held at most once. Adding is idempotent and returns only the members
/// that were not yet present; removing returns only the ones that were, each once. `members`
/// and `groups` list in the resources' creation order (`seq`). Memberships go with either side.
public protocol MembershipStore {
    /// Adds members not already present; returns the ones added.
    func addMembers(groupSeq: Int64, memberSeqs: [Int64]) async throws -> [Int64]
    /// Removes the given members; returns the ones that were present.
    func removeMembers(groupSeq: Int64, memberSeqs: [Int64]) async throws -> [Int64]
    /// Removes every member; returns the ones that were present.
    func removeAllMembers(groupSeq: Int64) async throws -> [Int64]
    /// A group's members with their display: displayName, else userName.
    func members(groupSeq: Int64) async throws -> [MemberReference]
    /// The row numbers of a group's members, without reading the members themselves.
    func memberSeqs(groupSeq: Int64) async throws -> [Int64]
    /// Counts members but stops at `limit`, so asking "is this group large?" costs at most `limit` rows.
    func memberCount(groupSeq: Int64, upTo limit: Int) async throws -> Int
    /// The groups that directly hold a resource, with their displayName as `display`.
    func groups(memberSeq: Int64) async throws -> [MemberReference]
}
