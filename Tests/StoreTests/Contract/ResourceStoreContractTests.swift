import SCIM
import Store
import Testing

@Suite("Store contract: ResourceStore")
struct ResourceStoreContractTests {
    @Test("an inserted resource is found by id, nameKey and seq at version 1; absent ones are nil", arguments: StoreFactory.all)
    func insertAndLookup(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let ada = try await store.write {
                try await $0.insert(
                    tenant: t, type: "User", id: "ada-id", body: user("Ada@Example.com", [("title", "Boss")]), nowMs: 1_000)
            }
            #expect(ada.version == 1 && ada.createdMs == 1_000 && ada.modifiedMs == 1_000 && ada.type == "User")
            try await store.read { tx async throws in
                let byID = try #require(try await tx.resource(tenantID: t, type: "User", id: "ada-id"))
                #expect(byID.seq == ada.seq && byID.version == 1)
                #expect(byID.body["userName"] == "Ada@Example.com" && byID.body["title"] == "Boss")
                // nameKey is the folded userName.
                #expect(try await tx.resource(tenantID: t, type: "User", nameKey: "ada@example.com")?.id == "ada-id")
                #expect(try await tx.resource(seq: ada.seq)?.id == "ada-id")

                #expect(try await tx.resource(tenantID: t, type: "Group", id: "ada-id") == nil)
                #expect(try await tx.resource(tenantID: t, type: "User", id: "nobody") == nil)
                #expect(try await tx.resource(tenantID: t, type: "User", nameKey: "Ada@Example.com") == nil)
                #expect(try await tx.resource(seq: ada.seq + 100) == nil)
                #expect(try await tx.count(tenantID: t, type: "User") == 1)
                #expect(try await tx.count(tenantID: t, type: "Group") == 0)
            }
        }
    }

    @Test("update replaces the body and bumps the version; modification time only moves forward", arguments: StoreFactory.all)
    func updateBumpsVersion(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let ada = try await store.write { try await $0.insertUser(tenant: t, "ada", nowMs: 1_000) }
            let renamed = user("ada.lovelace")
            let updated = try await store.write {
                try await $0.updateResource(
                    seq: ada.seq, body: renamed, keys: IndexKeys.derive(type: "User", body: renamed), nowMs: 2_000)
            }
            #expect(updated.version == 2 && updated.modifiedMs == 2_000 && updated.createdMs == 1_000 && updated.id == ada.id)
            // The clock stepped back: the time still moves forward, so the ETag changes (RFC 7644 §3.14).
            let again = try await store.write {
                try await $0.updateResource(
                    seq: ada.seq, body: renamed, keys: IndexKeys.derive(type: "User", body: renamed), nowMs: 500)
            }
            #expect(again.version == 3 && again.modifiedMs == 2_001)
            try await store.read { tx async throws in
                let stored = try #require(try await tx.resource(seq: ada.seq))
                #expect(stored.version == 3 && stored.modifiedMs == 2_001)
                #expect(stored.body["userName"] == "ada.lovelace")
                #expect(try await tx.resource(tenantID: t, type: "User", nameKey: "ada") == nil)
                #expect(try await tx.resource(tenantID: t, type: "User", nameKey: "ada.lovelace")?.seq == ada.seq)
            }
            await #expect(throws: StoreError.notFound) {
                try await store.write {
                    try await $0.updateResource(
                        seq: ada.seq + 100, body: renamed, keys: IndexKeys.derive(type: "User", body: renamed), nowMs: 1)
                }
            }
        }
    }

    @Test("touches bump version and time without changing the body, each resource once", arguments: StoreFactory.all)
    func touches(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let (u1, u2, g, lone) = try await store.write { tx async throws in
                let u1 = try await tx.insertUser(tenant: t, "u1", nowMs: 100)
                let u2 = try await tx.insertUser(tenant: t, "u2", nowMs: 100)
                let g = try await tx.insertGroup(tenant: t, "g", nowMs: 100)
                let lone = try await tx.insertGroup(tenant: t, "lone", nowMs: 100)
                _ = try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u1.seq, u2.seq])
                return (u1, u2, g, lone)
            }
            func versions() async throws -> [Int64] {
                try await store.read { tx async throws in
                    var result: [Int64] = []
                    for seq in [u1.seq, u2.seq, g.seq, lone.seq] { result.append(try #require(try await tx.resource(seq: seq)).version) }
                    return result
                }
            }
            try await store.write { try await $0.touchResource(seq: u1.seq, nowMs: 200) }
            #expect(try await versions() == [2, 1, 1, 1])
            try await store.write { try await $0.touchResources(seqs: [u2.seq, u2.seq, lone.seq], nowMs: 200) }
            #expect(try await versions() == [2, 2, 1, 2])
            try await store.write { try await $0.touchMembers(groupSeq: g.seq, nowMs: 300) }
            #expect(try await versions() == [3, 3, 1, 2])
            try await store.write { try await $0.touchGroups(memberSeq: u1.seq, nowMs: 300) }
            #expect(try await versions() == [3, 3, 2, 2])
            try await store.read { tx async throws in
                let touched = try #require(try await tx.resource(seq: u1.seq))
                #expect(touched.modifiedMs == 300)
                #expect(touched.body == u1.body)
                #expect(try #require(try await tx.resource(seq: g.seq)).modifiedMs == 300)
            }
            // An earlier clock still moves the time forward.
            try await store.write { try await $0.touchResource(seq: g.seq, nowMs: 5) }
            #expect(try await store.read { try await $0.resource(seq: g.seq) }?.modifiedMs == 301)
        }
    }

    @Test(
        "the source is stored, read by every lookup and kept by updates; changing it bumps the version",
        arguments: StoreFactory.all)
    func source(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let synced = try await store.write { try await $0.insertUser(tenant: t, "synced") }
            let local = try await store.write {
                try await $0.insert(tenant: t, type: "User", id: "local-id", body: user("local"), source: .local, nowMs: 1_000)
            }
            #expect(synced.source == .scim && local.source == .local)
            try await store.read { tx async throws in
                #expect(try await tx.resource(tenantID: t, type: "User", id: "local-id")?.source == .local)
                #expect(try await tx.resource(tenantID: t, type: "User", nameKey: "local")?.source == .local)
                #expect(try await tx.resource(seq: local.seq)?.source == .local)
                #expect(try await tx.resource(seq: synced.seq)?.source == .scim)
                let page = try await tx.query(tenantID: t, type: "User", ResourceQuery(), schema: StoreFixture.userSchema)
                #expect(Dictionary(uniqueKeysWithValues: page.records.map { ($0.id, $0.source) }) == [synced.id: .scim, "local-id": .local])
            }
            // A body update keeps the source.
            let renamed = user("local.renamed")
            let updated = try await store.write {
                try await $0.updateResource(seq: local.seq, body: renamed, keys: IndexKeys.derive(type: "User", body: renamed), nowMs: 2_000)
            }
            #expect(updated.source == .local)
            #expect(try await store.read { try await $0.resource(seq: local.seq) }?.source == .local)

            // Adopted by the identity provider: the source changes, and so do version and time (RFC 7644 §3.14).
            try await store.write { try await $0.setResourceSource(seq: local.seq, .scim, nowMs: 3_000) }
            let adopted = try #require(try await store.read { try await $0.resource(seq: local.seq) })
            #expect(adopted.source == .scim && adopted.version == updated.version + 1 && adopted.modifiedMs == 3_000)
            // Setting the source it has changes nothing.
            try await store.write { try await $0.setResourceSource(seq: local.seq, .scim, nowMs: 4_000) }
            let same = try #require(try await store.read { try await $0.resource(seq: local.seq) })
            #expect(same.version == adopted.version && same.modifiedMs == 3_000)
            // A rolled-back change leaves it as it was.
            await #expect(throws: Boom.self) {
                try await store.write { tx async throws in
                    try await tx.setResourceSource(seq: synced.seq, .local, nowMs: 5_000)
                    throw Boom()
                }
            }
            #expect(try await store.read { try await $0.resource(seq: synced.seq) }?.source == .scim)
            await #expect(throws: StoreError.notFound) {
                try await store.write { try await $0.setResourceSource(seq: local.seq + 100, .local, nowMs: 5_000) }
            }
        }
    }

    @Test("delete removes the resource; deleting it again is StoreError.notFound", arguments: StoreFactory.all)
    func delete(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let ada = try await store.write { try await $0.insertUser(tenant: t, "ada") }
            try await store.write { try await $0.deleteResource(seq: ada.seq) }
            try await store.read { tx async throws in
                #expect(try await tx.resource(tenantID: t, type: "User", id: ada.id) == nil)
                #expect(try await tx.resource(seq: ada.seq) == nil)
                #expect(try await tx.count(tenantID: t, type: "User") == 0)
            }
            await #expect(throws: StoreError.notFound) { try await store.write { try await $0.deleteResource(seq: ada.seq) } }
            // The name is free again.
            _ = try await store.write { try await $0.insertUser(tenant: t, "ada") }
        }
    }

    @Test("duplicate names are StoreError.duplicate naming the field; other tenants may reuse them", arguments: StoreFactory.all)
    func duplicates(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (a, b) = try await store.write { tx async throws in
                (try await tx.createTenant(name: "a", nowMs: 1), try await tx.createTenant(name: "b", nowMs: 1))
            }
            try await store.write { tx async throws in
                try await tx.insertUser(tenant: a.id, "Ada@Example.com", id: "ada-id")
                try await tx.insertGroup(tenant: a.id, "Admins")
            }
            await #expect(throws: StoreError.duplicate(field: "userName")) {
                try await store.write { try await $0.insertUser(tenant: a.id, "ada@EXAMPLE.com") }
            }
            await #expect(throws: StoreError.duplicate(field: "displayName")) {
                try await store.write { try await $0.insertGroup(tenant: a.id, "admins") }
            }
            // The id is unique per tenant and type as well (which field the error names is the store's choice).
            await #expect {
                try await store.write { try await $0.insertUser(tenant: a.id, "someone-else", id: "ada-id") }
            } throws: { error in
                guard case .duplicate = error as? StoreError else { return false }
                return true
            }
            await #expect(throws: StoreError.duplicate(field: "userName")) {
                try await store.write { tx async throws in
                    let other = try await tx.insertUser(tenant: a.id, "other")
                    // Renaming onto an existing name collides as well.
                    let body = user("ADA@example.com")
                    _ = try await tx.updateResource(
                        seq: other.seq, body: body, keys: IndexKeys.derive(type: "User", body: body), nowMs: 5)
                }
            }
            // Another tenant, and the other resource type, may reuse the names.
            try await store.write { tx async throws in
                try await tx.insertUser(tenant: b.id, "ada@example.com", id: "ada-id")
                try await tx.insertGroup(tenant: b.id, "admins")
                try await tx.insertUser(tenant: a.id, "admins")
            }
            #expect(try await store.read { try await $0.count(tenantID: a.id, type: "User") } == 2)
        }
    }

    @Test("references finds users and groups by id; ids not found are absent", arguments: StoreFactory.all)
    func references(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let (u, g) = try await store.write { tx async throws in
                (try await tx.insertUser(tenant: t, "u"), try await tx.insertGroup(tenant: t, "g"))
            }
            let found = try await store.read { try await $0.references(tenantID: t, ids: [u.id, g.id, u.id, "missing"]) }
            #expect(found.count == 2)
            #expect(found[u.id]?.seq == u.seq && found[u.id]?.id == u.id && found[u.id]?.type == "User")
            #expect(found[g.id]?.seq == g.seq && found[g.id]?.type == "Group")
            #expect(found["missing"] == nil)
            #expect(try await store.read { try await $0.references(tenantID: t, ids: []) }.isEmpty)
        }
    }

    @Test("one tenant never sees another's resources, by id, name, query, reference or count", arguments: StoreFactory.all)
    func tenantIsolation(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let schema = StoreFixture.userSchema
            try await store.write { tx async throws in
                let a = try await tx.createTenant(name: "a", nowMs: 1).id
                let b = try await tx.createTenant(name: "b", nowMs: 1).id
                let ua = try await tx.insertUser(tenant: a, "shared@example.com", id: "same-id")
                let ga = try await tx.insertGroup(tenant: a, "staff")
                _ = try await tx.addMembers(groupSeq: ga.seq, memberSeqs: [ua.seq])
                try await tx.insert(tenant: a, type: "User", body: user("only-a", [("emails", [["value": "x@a.com"]])]))

                #expect(try await tx.resource(tenantID: b, type: "User", id: "same-id") == nil)
                #expect(try await tx.resource(tenantID: b, type: "User", nameKey: "shared@example.com") == nil)
                #expect(try await tx.references(tenantID: b, ids: ["same-id", ga.id]).isEmpty)
                #expect(try await tx.references(tenantID: a, ids: ["same-id", ga.id]).count == 2)
                #expect(try await tx.count(tenantID: b, type: "User") == 0)
                for text in ["userName pr", "emails eq \"x@a.com\"", "id eq \"same-id\"", "groups pr"] {
                    let page = try await tx.query(tenantID: b, type: "User", ResourceQuery(filter: try Filter.parse(text)), schema: schema)
                    #expect(page.totalResults == 0 && page.records.isEmpty, "tenant b sees \(text)")
                }
                let groups = try await tx.query(
                    tenantID: b, type: "Group", ResourceQuery(filter: try Filter.parse("members eq \"same-id\"")),
                    schema: StoreFixture.groupSchema)
                #expect(groups.totalResults == 0)

                // The same id and userName in tenant b are separate resources.
                let ub = try await tx.insertUser(tenant: b, "shared@example.com", id: "same-id")
                #expect(ub.seq != ua.seq)
                #expect(try await tx.resource(tenantID: b, type: "User", id: "same-id")?.seq == ub.seq)
                #expect(try await tx.groups(memberSeq: ub.seq).isEmpty)
                let inA = try await tx.query(tenantID: a, type: "User", ResourceQuery(filter: try Filter.parse("userName sw \"shared\"")), schema: schema)
                #expect(inA.records.map(\.seq) == [ua.seq])
            }
        }
    }
}
