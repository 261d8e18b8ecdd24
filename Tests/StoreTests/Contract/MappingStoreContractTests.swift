import Store
import Testing

@Suite("Store contract: MappingStore")
struct MappingStoreContractTests {
    @Test("roles are listed by name, unique per tenant ignoring case, and deleted by id", arguments: StoreFactory.all)
    func roles(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (t, other) = try await store.write { tx async throws in
                (try await tx.createTenant(name: "t", nowMs: 1).id, try await tx.createTenant(name: "o", nowMs: 1).id)
            }
            let (beta, alpha) = try await store.write { tx async throws in
                (
                    try await tx.insertRole(tenantID: t, name: "beta", description: "second", nowMs: 5),
                    try await tx.insertRole(tenantID: t, name: "Alpha", description: nil, nowMs: 6)
                )
            }
            #expect(beta.name == "beta" && beta.description == "second" && beta.createdMs == 5)
            #expect(try await store.read { try await $0.roles(tenantID: t) } == [alpha, beta])
            await #expect(throws: StoreError.duplicate(field: "name")) {
                try await store.write { try await $0.insertRole(tenantID: t, name: "ALPHA", description: nil, nowMs: 7) }
            }
            // Another tenant may use the name.
            _ = try await store.write { try await $0.insertRole(tenantID: other, name: "alpha", description: nil, nowMs: 7) }
            try await store.write { try await $0.deleteRole(id: alpha.id) }
            #expect(try await store.read { try await $0.roles(tenantID: t) } == [beta])
            await #expect(throws: StoreError.notFound) { try await store.write { try await $0.deleteRole(id: alpha.id) } }
            #expect(try await store.read { try await $0.roles(tenantID: other) }.map(\.name) == ["alpha"])
        }
    }

    @Test("organizations nest; deleting one moves its children up to its parent", arguments: StoreFactory.all)
    func organizations(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1).id }
            let (root, mid, leaf, sibling) = try await store.write { tx async throws in
                let root = try await tx.insertOrganization(tenantID: t, name: "Root", parentID: nil, nowMs: 1)
                let mid = try await tx.insertOrganization(tenantID: t, name: "mid", parentID: root.id, nowMs: 2)
                let leaf = try await tx.insertOrganization(tenantID: t, name: "Leaf", parentID: mid.id, nowMs: 3)
                let sibling = try await tx.insertOrganization(tenantID: t, name: "leaf two", parentID: mid.id, nowMs: 4)
                return (root, mid, leaf, sibling)
            }
            #expect(try await store.read { try await $0.organizations(tenantID: t) }.map(\.name) == ["Leaf", "leaf two", "mid", "Root"])
            await #expect(throws: StoreError.duplicate(field: "name")) {
                try await store.write { try await $0.insertOrganization(tenantID: t, name: "ROOT", parentID: nil, nowMs: 5) }
            }
            try await store.write { try await $0.deleteOrganization(id: mid.id) }
            var parents = Dictionary(
                uniqueKeysWithValues: try await store.read { try await $0.organizations(tenantID: t) }.map { ($0.id, $0.parentID) })
            #expect(parents[mid.id] == nil)
            #expect(parents[leaf.id] == root.id && parents[sibling.id] == root.id)
            // The root's children become roots.
            try await store.write { try await $0.deleteOrganization(id: root.id) }
            parents = Dictionary(
                uniqueKeysWithValues: try await store.read { try await $0.organizations(tenantID: t) }.map { ($0.id, $0.parentID) })
            #expect(parents.count == 2)
            #expect(parents[leaf.id] == .some(nil) && parents[sibling.id] == .some(nil))
            await #expect(throws: StoreError.notFound) { try await store.write { try await $0.deleteOrganization(id: root.id) } }
        }
    }

    @Test("mappings are unique per kind, group and target ignoring case; delete returns the mapping", arguments: StoreFactory.all)
    func mappings(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (t, other) = try await store.write { tx async throws in
                (try await tx.createTenant(name: "t", nowMs: 1).id, try await tx.createTenant(name: "o", nowMs: 1).id)
            }
            let (role, org) = try await store.write { tx async throws in
                (
                    try await tx.insertMapping(tenantID: t, kind: .role, groupRef: "Staff", targetName: "Admin", priority: 100, nowMs: 5),
                    try await tx.insertMapping(
                        tenantID: t, kind: .organization, groupRef: "Staff", targetName: "Admin", priority: 3, nowMs: 6)
                )
            }
            #expect(role.kind == .role && role.groupRef == "Staff" && role.targetName == "Admin" && role.priority == 100)
            #expect(org.priority == 3 && org.createdMs == 6)
            #expect(try await store.read { try await $0.mappings(tenantID: t) } == [role, org])
            await #expect(throws: StoreError.duplicate(field: "mapping")) {
                try await store.write {
                    try await $0.insertMapping(tenantID: t, kind: .role, groupRef: "STAFF", targetName: "admin", priority: 1, nowMs: 7)
                }
            }
            // Another tenant's delete of this id finds nothing and removes nothing.
            #expect(try await store.write { try await $0.deleteMapping(id: role.id, tenantID: other) } == nil)
            #expect(try await store.write { try await $0.deleteMapping(id: role.id, tenantID: t) } == role)
            #expect(try await store.write { try await $0.deleteMapping(id: role.id, tenantID: t) } == nil)
            #expect(try await store.read { try await $0.mappings(tenantID: t) } == [org])
            #expect(try await store.read { try await $0.mappings(tenantID: other) }.isEmpty)
        }
    }
}
