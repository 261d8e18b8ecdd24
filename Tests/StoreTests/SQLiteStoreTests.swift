import CSQLite
import Foundation
import SCIM
import Store
import Testing

@Suite("SQLite store")
struct SQLiteStoreTests {
    // MARK: Migrations

    @Test("a new file gets every table, and reopening keeps the data without migrating again")
    func migrationsAndReopen() async throws {
        try await StoreFixture.run { fixture in
            var userID = ""
            do {
                let store = try fixture.open()
                try await store.write { tx in
                    // Touches every table the migration creates.
                    let tenant = try await tx.createTenant(name: "acme", nowMs: 1)
                    try await tx.insertToken(
                        TokenRecord(id: "tok1", tenantID: tenant.id, tenantName: "acme", kind: .scim, name: "t", prefix: "abc", createdMs: 1),
                        hash: "hash1")
                    let u = try await tx.insert(
                        tenant: tenant.id, type: "User",
                        body: user("ada", [("emails", [["value": "ada@example.com"]])]))
                    userID = u.id
                    let g = try await tx.insertGroup(tenant: tenant.id, "admins")
                    _ = try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u.seq])
                    try await tx.appendLog(logEntry(tenant: tenant.id, timeMs: 5, id: u.id, name: "ada"))
                }
                await store.checkpoint()
            }
            let reopened = try fixture.open()
            try await reopened.read { tx in
                let tenant = try #require(try await tx.tenant(named: "acme"))
                let candidates = try await tx.tokenCandidates(prefix: "abc")
                #expect(candidates.map(\.hash) == ["hash1"])
                #expect(candidates.first?.record.tenantID == tenant.id)
                let u = try #require(try await tx.resource(tenantID: tenant.id, type: "User", id: userID))
                #expect(u.body["userName"] == "ada")
                let byEmail = try await tx.query(
                    tenantID: tenant.id, type: "User", ResourceQuery(filter: try Filter.parse("emails eq \"ADA@example.com\"")),
                    schema: StoreFixture.userSchema)
                #expect(byEmail.records.map(\.id) == [userID])
                #expect(try await tx.groups(memberSeq: u.seq).map(\.display) == ["admins"])
                #expect(try await tx.logEntries(SyncLogQuery(tenantID: tenant.id)).map(\.resourceID) == [userID])
            }
            // A third open must not try to create the tables again.
            _ = try fixture.open()
        }
    }

    @Test("a database from a newer scimd is refused with a sentence, not opened")
    func newerSchemaRefused() async throws {
        try await StoreFixture.run { fixture in
            var db: OpaquePointer?
            #expect(sqlite3_open(fixture.path, &db) == SQLITE_OK)
            #expect(sqlite3_exec(db, "PRAGMA user_version = 999", nil, nil, nil) == SQLITE_OK)
            sqlite3_close(db)
            #expect {
                _ = try fixture.open()
            } throws: { error in
                guard case .unavailable(let message) = error as? StoreError else { return false }
                return message.contains("newer")
            }
        }
    }

    // MARK: Transactions

    @Test("a throwing write body leaves nothing behind, sync-log entries included")
    func rollback() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            await #expect(throws: Boom.self) {
                try await store.write { tx in
                    let u = try await tx.insertUser(tenant: tenant.id, "ghost")
                    let g = try await tx.insertGroup(tenant: tenant.id, "ghosts")
                    _ = try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u.seq])
                    try await tx.appendLog(logEntry(tenant: tenant.id, timeMs: 2, name: "ghost"))
                    _ = try await tx.createTenant(name: "ghost-tenant", nowMs: 2)
                    throw Boom()
                }
            }
            // A store error half-way rolls back the writes before it too.
            await #expect(throws: StoreError.duplicate(field: "userName")) {
                try await store.write { tx in
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
            }
            // The writer is usable afterwards.
            _ = try await store.write { try await $0.insertUser(tenant: tenant.id, "after") }
            #expect(try await store.read { try await $0.count(tenantID: tenant.id, type: "User") } == 1)
        }
    }

    @Test("a read transaction refuses writes")
    func readIsReadOnly() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            await #expect(throws: StoreError.self) {
                try await store.read { tx in _ = try await tx.createTenant(name: "nope", nowMs: 1) }
            }
            #expect(try await store.read { try await $0.tenants() }.isEmpty)
        }
    }

    // MARK: Uniqueness

    @Test("duplicate names are StoreError.duplicate naming the field; other tenants may reuse them")
    func duplicates() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let (a, b) = try await store.write { tx in
                (try await tx.createTenant(name: "a", nowMs: 1), try await tx.createTenant(name: "b", nowMs: 1))
            }
            try await store.write { tx in
                try await tx.insertUser(tenant: a.id, "Ada@Example.com")
                try await tx.insertGroup(tenant: a.id, "Admins")
            }
            await #expect(throws: StoreError.duplicate(field: "userName")) {
                try await store.write { try await $0.insertUser(tenant: a.id, "ada@EXAMPLE.com") }
            }
            await #expect(throws: StoreError.duplicate(field: "displayName")) {
                try await store.write { try await $0.insertGroup(tenant: a.id, "admins") }
            }
            await #expect(throws: StoreError.duplicate(field: "name")) {
                try await store.write { try await $0.createTenant(name: "A", nowMs: 2) }
            }
            await #expect(throws: StoreError.duplicate(field: "userName")) {
                try await store.write { tx in
                    let other = try await tx.insertUser(tenant: a.id, "other")
                    // Renaming onto an existing name collides as well.
                    let body = user("ADA@example.com")
                    _ = try await tx.updateResource(
                        seq: other.seq, body: body, keys: IndexKeys.derive(type: "User", body: body), nowMs: 5)
                }
            }
            // Another tenant, and the other resource type, may reuse the names.
            try await store.write { tx in
                try await tx.insertUser(tenant: b.id, "ada@example.com")
                try await tx.insertGroup(tenant: b.id, "admins")
                try await tx.insertUser(tenant: a.id, "admins")
            }
            #expect(try await store.read { try await $0.count(tenantID: a.id, type: "User") } == 2)
        }
    }

    // MARK: Membership

    @Test("members are added once, removed, counted, and go away with either side")
    func membership() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            try await store.write { tx in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                let u1 = try await tx.insertUser(tenant: t, "u1")
                let u2 = try await tx.insertUser(tenant: t, "u2")
                let u3 = try await tx.insertUser(tenant: t, "u3")
                let g = try await tx.insertGroup(tenant: t, "g")
                let nested = try await tx.insertGroup(tenant: t, "nested")
                #expect(try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u1.seq, u2.seq, nested.seq]) == [u1.seq, u2.seq, nested.seq])
                #expect(try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u2.seq, u3.seq]) == [u3.seq])
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 1_000) == 4)
                let members = try await tx.members(groupSeq: g.seq)
                #expect(members.map(\.id) == [u1.id, u2.id, u3.id, nested.id])
                #expect(members.map(\.type) == ["User", "User", "User", "Group"])
                #expect(members.map(\.display) == ["u1", "u2", "u3", "nested"])
                #expect(try await tx.groups(memberSeq: u2.seq).map(\.id) == [g.id])

                // Only members present are reported, each once.
                #expect(try await tx.removeMembers(groupSeq: g.seq, memberSeqs: [u1.seq, u1.seq, u3.seq]) == [u1.seq, u3.seq])
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 1_000) == 2)
                #expect(try await tx.groups(memberSeq: u1.seq).isEmpty)

                // Deleting a member removes it from every group (requirements §2).
                try await tx.deleteResource(seq: u2.seq)
                #expect(try await tx.members(groupSeq: g.seq).map(\.id) == [nested.id])
                try await tx.deleteResource(seq: nested.seq)
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 1_000) == 0)

                // Deleting the group removes its memberships; the users stay.
                #expect(try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u3.seq]) == [u3.seq])
                #expect(try await tx.groups(memberSeq: u3.seq).map(\.id) == [g.id])
                try await tx.deleteResource(seq: g.seq)
                #expect(try await tx.groups(memberSeq: u3.seq).isEmpty)
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 1_000) == 0)
                #expect(try await tx.count(tenantID: t, type: "User") == 2)
                await #expect(throws: StoreError.notFound) { try await tx.deleteResource(seq: g.seq) }

                let g2 = try await tx.insertGroup(tenant: t, "g2")
                _ = try await tx.addMembers(groupSeq: g2.seq, memberSeqs: [u1.seq, u3.seq])
                #expect(Set(try await tx.removeAllMembers(groupSeq: g2.seq)) == [u1.seq, u3.seq])
                #expect(try await tx.memberCount(groupSeq: g2.seq, upTo: 1_000) == 0)
            }
        }
    }

    // MARK: Sync log

    @Test("sync-log queries filter by tenant, time, status, resource, type and operation, newest first")
    func syncLogQueries() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let (a, b) = try await store.write { tx in
                let a = try await tx.createTenant(name: "a", nowMs: 1).id
                let b = try await tx.createTenant(name: "b", nowMs: 1).id
                // Appended in time order, as the services do; "newest first" is append order.
                try await tx.appendLog(logEntry(tenant: a, timeMs: 100, id: "u1", name: "Ada", externalID: "ext-1"))
                try await tx.appendLog(logEntry(tenant: a, timeMs: 200, operation: "Patch", status: .failure, id: "u1", name: "ada"))
                try await tx.appendLog(logEntry(tenant: b, timeMs: 250, status: .failure, id: "u9", name: "ada"))
                try await tx.appendLog(logEntry(tenant: a, timeMs: 300, operation: "delete", status: .warning, type: "Group", id: "g1", name: "admins"))
                try await tx.appendLog(logEntry(tenant: a, timeMs: 400, status: .skipped, id: "u2", name: "bob"))
                return (a, b)
            }
            func times(_ q: SyncLogQuery) async throws -> [Int64] {
                try await store.read { try await $0.logEntries(q) }.map(\.timeMs)
            }
            #expect(try await times(SyncLogQuery()) == [400, 300, 250, 200, 100])
            #expect(try await times(SyncLogQuery(tenantID: a)) == [400, 300, 200, 100])
            #expect(try await times(SyncLogQuery(tenantID: b)) == [250])
            #expect(try await times(SyncLogQuery(tenantID: a, sinceMs: 200, untilMs: 300)) == [300, 200])
            #expect(try await times(SyncLogQuery(tenantID: a, statuses: [.failure, .warning])) == [300, 200])
            #expect(try await times(SyncLogQuery(statuses: [.failure])) == [250, 200])
            #expect(try await times(SyncLogQuery(tenantID: a, resourceID: "u1")) == [200, 100])
            // Name matches case-insensitively, and so does an external id or a resource id.
            #expect(try await times(SyncLogQuery(tenantID: a, resourceName: "ADA")) == [200, 100])
            #expect(try await times(SyncLogQuery(tenantID: a, resourceName: "ext-1")) == [100])
            #expect(try await times(SyncLogQuery(tenantID: a, resourceName: "g1")) == [300])
            #expect(try await times(SyncLogQuery(tenantID: a, resourceType: "Group")) == [300])
            #expect(try await times(SyncLogQuery(tenantID: a, operation: "patch")) == [200])
            #expect(try await times(SyncLogQuery(tenantID: a, limit: 2)) == [400, 300])
            #expect(try await times(SyncLogQuery(tenantID: a, limit: 0)) == [])

            // Following reads oldest first after a sequence number.
            let all = try await store.read { try await $0.logEntries(SyncLogQuery(tenantID: a)) }
            let oldest = try #require(all.last)
            #expect(try await times(SyncLogQuery(tenantID: a, afterSeq: oldest.seq)) == [200, 300, 400])
            #expect(oldest.resourceName == "Ada" && oldest.externalID == "ext-1" && oldest.status == .success)

            // Pruning removes only old entries, at most `limit` of them.
            #expect(try await store.write { try await $0.pruneLog(beforeMs: 260, limit: 2) } == 2)
            #expect(try await times(SyncLogQuery()) == [400, 300, 250])
        }
    }

    // MARK: Tenant isolation

    @Test("one tenant never sees another's resources, by id, name, query, reference or count")
    func tenantIsolation() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let schema = StoreFixture.userSchema
            try await store.write { tx in
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
