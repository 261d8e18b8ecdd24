import Store
import Testing

@Suite("Store contract: OAuthClientStore and SigningKeyStore")
struct OAuthStoreContractTests {
    private func client(_ id: String, tenant: TenantRecord, name: String, createdMs: Int64) -> OAuthClientRecord {
        OAuthClientRecord(
            id: id, tenantID: tenant.id, tenantName: tenant.name, name: name, tokenLifetimeSeconds: 3600, createdMs: createdMs)
    }

    @Test("clients per tenant, names unique per tenant without case, revocation once", arguments: StoreFactory.all)
    func clients(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (b, a) = try await store.write { tx async throws in
                (try await tx.createTenant(name: "b", nowMs: 1), try await tx.createTenant(name: "a", nowMs: 1))
            }
            try await store.write { tx async throws in
                try await tx.insertOAuthClient(client("c1", tenant: b, name: "Entra", createdMs: 10))
                try await tx.insertOAuthClient(client("c2", tenant: b, name: "okta", createdMs: 20))
                try await tx.insertOAuthClient(client("c3", tenant: a, name: "entra", createdMs: 30))
            }
            await #expect(throws: StoreError.duplicate(field: "name")) {
                try await store.write { try await $0.insertOAuthClient(client("c4", tenant: b, name: "ENTRA", createdMs: 40)) }
            }
            try await store.read { tx async throws in
                #expect(try await tx.oauthClient(id: "c1") == client("c1", tenant: b, name: "Entra", createdMs: 10))
                #expect(try await tx.oauthClient(id: "nope") == nil)
                #expect(try await tx.oauthClients(tenantID: b.id).map(\.id) == ["c1", "c2"])
                #expect(try await tx.oauthClients(tenantID: nil).map(\.id) == ["c3", "c1", "c2"])
            }
            #expect(try await store.write { try await $0.revokeOAuthClient(id: "c1", nowMs: 50) })
            #expect(try await store.write { try await $0.revokeOAuthClient(id: "c1", nowMs: 60) } == false)
            #expect(try await store.write { try await $0.revokeOAuthClient(id: "nope", nowMs: 60) } == false)
            try await store.write { try await $0.markOAuthClientIssued(id: "c2", nowMs: 70) }
            let (c1, c2) = try await store.read { tx async throws in (try await tx.oauthClient(id: "c1"), try await tx.oauthClient(id: "c2")) }
            #expect(c1?.revokedMs == 50 && c2?.lastTokenMs == 70)
        }
    }

    @Test("secrets come back with their hashes in creation order; retiring keeps the first time", arguments: StoreFactory.all)
    func secrets(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            try await store.write { tx async throws in
                try await tx.insertOAuthClient(client("c1", tenant: t, name: "entra", createdMs: 1))
                try await tx.insertClientSecret(OAuthClientSecretRecord(id: "s1", clientID: "c1", prefix: "p1", createdMs: 10), hash: "h1")
                try await tx.insertClientSecret(
                    OAuthClientSecretRecord(id: "s2", clientID: "c1", prefix: "p2", createdMs: 20, expiresMs: 99), hash: "h2")
            }
            await #expect(throws: StoreError.duplicate(field: "client")) {
                try await store.write {
                    try await $0.insertClientSecret(OAuthClientSecretRecord(id: "s3", clientID: "c1", prefix: "p3", createdMs: 30), hash: "h1")
                }
            }
            let listed = try await store.read { try await $0.clientSecrets(clientID: "c1") }
            #expect(listed.map(\.record.id) == ["s1", "s2"] && listed.map(\.hash) == ["h1", "h2"])
            #expect(listed.last?.record.expiresMs == 99)
            #expect(try await store.write { try await $0.retireClientSecrets(ids: ["s1", "nope"], nowMs: 40) } == 1)
            #expect(try await store.write { try await $0.retireClientSecrets(ids: ["s1"], nowMs: 50) } == 0)
            try await store.write { try await $0.markClientSecretUsed(id: "s2", nowMs: 45) }
            let after = try await store.read { try await $0.clientSecrets(clientID: "c1") }.map(\.record)
            #expect(after.first?.retiredMs == 40 && after.last?.lastUsedMs == 45)
            #expect(after.first?.isUsable(nowMs: 41) == false && after.last?.isUsable(nowMs: 98) == true)
            #expect(after.last?.isUsable(nowMs: 99) == false)
        }
    }

    @Test("signing keys newest first; retire all but one; delete the long retired", arguments: StoreFactory.all)
    func signingKeys(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            try await store.write { tx async throws in
                try await tx.insertSigningKey(SigningKeyRecord(kid: "k1", algorithm: "HS256", material: "m1", createdMs: 10))
                try await tx.insertSigningKey(SigningKeyRecord(kid: "k2", algorithm: "HS256", material: "m2", createdMs: 20))
            }
            await #expect(throws: StoreError.duplicate(field: "kid")) {
                try await store.write { try await $0.insertSigningKey(SigningKeyRecord(kid: "k1", algorithm: "HS256", material: "x", createdMs: 30)) }
            }
            #expect(try await store.read { try await $0.signingKeys() }.map(\.kid) == ["k2", "k1"])
            #expect(try await store.write { try await $0.retireSigningKeys(except: "k2", nowMs: 100) } == 1)
            #expect(try await store.write { try await $0.retireSigningKeys(except: "k2", nowMs: 200) } == 0)
            let keys = try await store.read { try await $0.signingKeys() }
            #expect(keys.map(\.retiredMs) == [nil, 100] && keys.last?.material == "m1")
            #expect(try await store.write { try await $0.deleteSigningKeys(retiredBefore: 100) } == 0)
            #expect(try await store.write { try await $0.deleteSigningKeys(retiredBefore: 101) } == 1)
            #expect(try await store.read { try await $0.signingKeys() }.map(\.kid) == ["k2"])
        }
    }
}
