import Store

/// The users an administrative change can affect, described rather than listed: members of
/// the groups some mappings name, users with an open error about a role or organization, or
/// every user of the tenant.
/// Read in chunks (`nextUsers`), so a change that reaches 80,000 users never reads or
/// recomputes them all in one transaction.
struct RecomputeScope: Sendable {
    var groupRefs: [String]
    var errorKind: MappingKind?
    var errorTargetKey: String?
    /// Every user of the tenant: a change of its scope rules can move any of them in or out.
    var allUsers = false

    /// The first `limit` users above row number `after`, in row order, across every source.
    /// Each source gives its own first `limit`, so their sorted union's first `limit` is exact.
    func nextUsers(after: Int64, limit: Int, tenantID: Int64, tx: any StoreTransaction) async throws -> [Int64] {
        if allUsers { return try await tx.userSeqs(tenantID: tenantID, after: after, limit: limit) }
        var seqs = Set<Int64>()
        for ref in Set(groupRefs) {
            seqs.formUnion(try await tx.memberSeqs(tenantID: tenantID, groupRef: ref, after: after, limit: limit))
        }
        if let errorKind, let errorTargetKey {
            seqs.formUnion(
                try await tx.userSeqsWithMappingErrors(
                    tenantID: tenantID, kind: errorKind, targetKey: errorTargetKey, after: after, limit: limit))
        }
        return Array(seqs.sorted().prefix(limit))
    }
}
