import Store
import Testing

@Suite("Store contract: TokenStore")
struct TokenStoreContractTests {
    private func token(_ id: String, tenant: TenantRecord, prefix: String, createdMs: Int64, expiresMs: Int64? = nil) -> TokenRecord {
        TokenRecord(
            id: id, tenantID: tenant.id, tenantName: tenant.name, kind: .scim, name: "token \(id)", prefix: prefix,
            createdMs: createdMs, expiresMs: expiresMs)
    }

    @Test("inserted tokens come back by prefix with their hash, and per tenant in creation order", arguments: StoreFactory.all)
    func insertAndCandidates(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (b, a) = try await store.write { tx async throws in
                (try await tx.createTenant(name: "b", nowMs: 1), try await tx.createTenant(name: "a", nowMs: 1))
            }
            try await store.write { tx async throws in
                try await tx.insertToken(token("t1", tenant: b, prefix: "pre", createdMs: 10, expiresMs: 99), hash: "h1")
                try await tx.insertToken(
                    TokenRecord(id: "t2", tenantID: b.id, tenantName: "b", kind: .admin, name: "ops", prefix: "pre", createdMs: 20),
                    hash: "h2")
                try await tx.insertToken(token("t3", tenant: a, prefix: "other", createdMs: 30), hash: "h3")
                try await tx.insertToken(
                    TokenRecord(id: "t4", tenantID: a.id, tenantName: "a", kind: .operator, name: "op", prefix: "op", createdMs: 40),
                    hash: "h4")
            }
            try await store.read { tx async throws in
                let candidates = try await tx.tokenCandidates(prefix: "pre").sorted { $0.record.id < $1.record.id }
                #expect(candidates.map(\.record.id) == ["t1", "t2"])
                #expect(candidates.map(\.hash) == ["h1", "h2"])
                let first = try #require(candidates.first?.record)
                #expect(first == token("t1", tenant: b, prefix: "pre", createdMs: 10, expiresMs: 99))
                #expect(candidates.last?.record.kind == .admin)
                #expect(try await tx.tokenCandidates(prefix: "nothing").isEmpty)

                #expect(try await tx.tokens(tenantID: b.id).map(\.id) == ["t1", "t2"])
                #expect(try await tx.tokens(tenantID: a.id).map(\.id) == ["t3", "t4"])
                // Every tenant's tokens: ordered by tenant name, then creation.
                #expect(try await tx.tokens(tenantID: nil).map(\.id) == ["t3", "t4", "t1", "t2"])
                // By id, whatever its state; an unknown id finds nothing.
                #expect(try await tx.token(id: "t1") == token("t1", tenant: b, prefix: "pre", createdMs: 10, expiresMs: 99))
                #expect(try await tx.token(id: "t4")?.kind == .operator)
                #expect(try await tx.token(id: "missing") == nil)
            }
        }
    }

    @Test("a token id or hash used twice is StoreError.duplicate(token)", arguments: StoreFactory.all)
    func duplicates(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            try await store.write { try await $0.insertToken(token("t1", tenant: t, prefix: "p", createdMs: 1), hash: "h1") }
            await #expect(throws: StoreError.duplicate(field: "token")) {
                try await store.write { try await $0.insertToken(token("t1", tenant: t, prefix: "q", createdMs: 2), hash: "h2") }
            }
            await #expect(throws: StoreError.duplicate(field: "token")) {
                try await store.write { try await $0.insertToken(token("t2", tenant: t, prefix: "q", createdMs: 2), hash: "h1") }
            }
            #expect(try await store.read { try await $0.tokens(tenantID: t.id) }.map(\.id) == ["t1"])
        }
    }

    @Test("revoking reports true once and keeps the first time; markTokenUsed records the last use", arguments: StoreFactory.all)
    func revokeAndMarkUsed(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            try await store.write { try await $0.insertToken(token("t1", tenant: t, prefix: "p", createdMs: 1), hash: "h1") }
            try await store.write { tx async throws in
                try await tx.markTokenUsed(id: "t1", nowMs: 5)
                try await tx.markTokenUsed(id: "t1", nowMs: 6)
                // A token that is gone is not an error.
                try await tx.markTokenUsed(id: "missing", nowMs: 6)
                #expect(try await tx.revokeToken(id: "t1", nowMs: 10))
                #expect(try await tx.revokeToken(id: "t1", nowMs: 20) == false)
                #expect(try await tx.revokeToken(id: "missing", nowMs: 20) == false)
            }
            let stored = try #require(try await store.read { try await $0.tokens(tenantID: t.id) }.first)
            #expect(stored.lastUsedMs == 6)
            #expect(stored.revokedMs == 10)
            // A revoked token is still a candidate: the caller tells the client why it is refused.
            #expect(try await store.read { try await $0.tokenCandidates(prefix: "p") }.map(\.record.revokedMs) == [10])
        }
    }
}
