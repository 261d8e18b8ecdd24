import SCIM
import Store
import Testing

/// `ProvisioningStore.read` and `write`: all or nothing, and reads never write.
@Suite("Store contract: transactions")
struct TransactionContractTests {
    @Test("a throwing write body leaves nothing behind, sync-log entries included", arguments: StoreFactory.all)
    func rollback(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            await #expect(throws: Boom.self) {
                try await store.write { tx async throws in
                    let u = try await tx.insertUser(tenant: tenant.id, "ghost")
                    let g = try await tx.insertGroup(tenant: tenant.id, "ghosts")
                    _ = try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u.seq])
                    try await tx.appendLog(logEntry(tenant: tenant.id, timeMs: 2, name: "ghost"))
                    _ = try await tx.createTenant(name: "ghost-tenant", nowMs: 2)
                    try await tx.insertToken(
                        TokenRecord(
                            id: "ghost-token", tenantID: tenant.id, tenantName: "t", kind: .scim, name: "t", prefix: "gho",
                            createdMs: 2),
                        hash: "ghost-hash")
                    _ = try await tx.insertRole(tenantID: tenant.id, name: "Ghost", description: nil, nowMs: 2)
                    _ = try await tx.insertMapping(
                        tenantID: tenant.id, kind: .role, groupRef: "ghosts", targetName: "Ghost", priority: 100, nowMs: 2)
                    try await tx.saveAssignment(
                        AssignmentRecord(userSeq: u.seq, roles: [], organization: "Ghosts", suspended: false, updatedMs: 2),
                        tenantID: tenant.id)
                    _ = try await tx.insertRecomputeJob(
                        RecomputeJobRecord(
                            tenantID: tenant.id, reason: "ghost", groupRefs: [], errorKind: nil, errorTargetKey: nil,
                            afterSeq: 0, done: 0, correlationID: "c", client: "test", sourceAddress: nil, createdMs: 2))
                    throw Boom()
                }
            }
            // A store error half-way rolls back the writes before it too.
            await #expect(throws: StoreError.duplicate(field: "userName")) {
                try await store.write { tx async throws in
                    try await tx.insertUser(tenant: tenant.id, "first")
                    try await tx.appendLog(logEntry(tenant: tenant.id, timeMs: 3, name: "first"))
                    try await tx.insertUser(tenant: tenant.id, "FIRST")
                }
            }
            try await store.read { tx async throws in
                #expect(try await tx.count(tenantID: tenant.id, type: "User") == 0)
                #expect(try await tx.count(tenantID: tenant.id, type: "Group") == 0)
                #expect(try await tx.logEntries(SyncLogQuery()).isEmpty)
                #expect(try await tx.tenant(named: "ghost-tenant") == nil)
                #expect(try await tx.resource(tenantID: tenant.id, type: "User", nameKey: "ghost") == nil)
                #expect(try await tx.tokenCandidates(prefix: "gho").isEmpty)
                #expect(try await tx.roles(tenantID: tenant.id).isEmpty)
                #expect(try await tx.mappings(tenantID: tenant.id).isEmpty)
                #expect(try await tx.hasMappingState(tenantID: tenant.id) == false)
                #expect(try await tx.unfinishedRecomputeJobs().isEmpty)
            }
            // The writer is usable afterwards.
            _ = try await store.write { try await $0.insertUser(tenant: tenant.id, "after") }
            #expect(try await store.read { try await $0.count(tenantID: tenant.id, type: "User") } == 1)
        }
    }

    @Test("a read transaction refuses writes", arguments: StoreFactory.all)
    func readIsReadOnly(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            await #expect(throws: StoreError.self) {
                try await store.read { tx in _ = try await tx.createTenant(name: "nope", nowMs: 1) }
            }
            #expect(try await store.read { try await $0.tenants() }.isEmpty)
        }
    }

    @Test("what a write commits, the next read sees", arguments: StoreFactory.all)
    func committedIsVisible(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (tenant, user) = try await store.write { tx async throws in
                let tenant = try await tx.createTenant(name: "t", nowMs: 1)
                return (tenant, try await tx.insertUser(tenant: tenant.id, "ada"))
            }
            let found = try await store.read { try await $0.resource(tenantID: tenant.id, type: "User", id: user.id) }
            #expect(found?.seq == user.seq)
            #expect(found?.body["userName"] == "ada")
        }
    }
}
