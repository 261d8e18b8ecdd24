import Store
import Testing

@Suite("Store contract: TenantStore")
struct TenantStoreContractTests {
    @Test("a tenant is found by id and by name in any letter case; absent ones are nil", arguments: StoreFactory.all)
    func lookup(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let acme = try await store.write { try await $0.createTenant(name: "Acme", nowMs: 7) }
            #expect(acme.name == "Acme" && acme.createdMs == 7)
            try await store.read { tx async throws in
                #expect(try await tx.tenant(id: acme.id) == acme)
                #expect(try await tx.tenant(named: "Acme") == acme)
                #expect(try await tx.tenant(named: "ACME") == acme)
                #expect(try await tx.tenant(named: "acme") == acme)
                #expect(try await tx.tenant(named: "acme2") == nil)
                #expect(try await tx.tenant(id: acme.id + 1) == nil)
            }
        }
    }

    @Test("names are unique case-insensitively: a second \"ACME\" is StoreError.duplicate(name)", arguments: StoreFactory.all)
    func uniqueName(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            _ = try await store.write { try await $0.createTenant(name: "acme", nowMs: 1) }
            for name in ["acme", "ACME", "Acme"] {
                await #expect(throws: StoreError.duplicate(field: "name")) {
                    try await store.write { try await $0.createTenant(name: name, nowMs: 2) }
                }
            }
            #expect(try await store.read { try await $0.tenants() }.map(\.name) == ["acme"])
        }
    }

    @Test("tenants() lists every tenant by name, ignoring case", arguments: StoreFactory.all)
    func listOrder(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let created = try await store.write { tx async throws in
                var ids: [Int64] = []
                for name in ["gamma", "Beta", "alpha"] { ids.append(try await tx.createTenant(name: name, nowMs: 1).id) }
                return ids
            }
            #expect(Set(created).count == 3)
            // Byte order would put "Beta" first.
            #expect(try await store.read { try await $0.tenants() }.map(\.name) == ["alpha", "Beta", "gamma"])
        }
    }
}
