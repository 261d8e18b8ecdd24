import SCIM
import Store
import Testing

@Suite("Store contract: EventStore")
struct EventStoreContractTests {
    static func event(tenant: Int64, _ id: String, type: String = "user.created", timeMs: Int64 = 10) -> EventRecord {
        EventRecord(
            tenantID: tenant, id: id, type: type, timeMs: timeMs, correlationID: "corr-\(id)", resourceType: "User",
            resourceID: "r-\(id)", data: ["id": .string("r-\(id)"), "userName": .string("\(id)@example.com")])
    }

    @Test("pages are per tenant, oldest first after a cursor, filtered by type, and come back whole", arguments: StoreFactory.all)
    func pages(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (a, b, appended) = try await store.write { tx async throws in
                let a = try await tx.createTenant(name: "a", nowMs: 1).id
                let b = try await tx.createTenant(name: "b", nowMs: 1).id
                var appended: [EventRecord] = []
                appended.append(try await tx.appendEvent(Self.event(tenant: a, "e1")))
                appended.append(try await tx.appendEvent(Self.event(tenant: b, "e2")))
                appended.append(try await tx.appendEvent(Self.event(tenant: a, "e3", type: "group.user_added")))
                appended.append(try await tx.appendEvent(Self.event(tenant: a, "e4", type: "user.deleted")))
                return (a, b, appended)
            }
            // Each append gets a seq above the previous one's.
            #expect(appended.map(\.seq) == appended.map(\.seq).sorted() && Set(appended.map(\.seq)).count == 4)
            func ids(_ tenant: Int64, after: Int64 = 0, limit: Int = 100, types: [String] = []) async throws -> [String] {
                try await store.read { try await $0.events(tenantID: tenant, after: after, limit: limit, types: types) }.map(\.id)
            }
            #expect(try await ids(a) == ["e1", "e3", "e4"])
            #expect(try await ids(b) == ["e2"])
            #expect(try await ids(a, after: appended[0].seq) == ["e3", "e4"])
            #expect(try await ids(a, limit: 2) == ["e1", "e3"])
            #expect(try await ids(a, limit: 0) == [])
            #expect(try await ids(a, types: ["user.deleted", "user.created"]) == ["e1", "e4"])
            #expect(try await ids(a, types: ["group.deleted"]) == [])
            #expect(try await store.read { try await $0.latestEventSeq(tenantID: a) } == appended[3].seq)
            #expect(try await store.read { try await $0.latestEventSeq(tenantID: b) } == appended[1].seq)

            let read = try #require(try await store.read { try await $0.events(tenantID: a, after: 0, limit: 1, types: []) }.first)
            #expect(read == appended[0])
            #expect(read.data["userName"]?.stringValue == "e1@example.com" && read.correlationID == "corr-e1")
        }
    }

    @Test("an event id is unique, and a rolled-back write keeps no event", arguments: StoreFactory.all)
    func uniqueAndTransactional(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1).id }
            try await store.write { try await $0.appendEvent(Self.event(tenant: t, "same")) }
            await #expect(throws: StoreError.duplicate(field: "event id")) {
                try await store.write { try await $0.appendEvent(Self.event(tenant: t, "same")) }
            }
            await #expect(throws: Boom.self) {
                try await store.write { tx async throws in
                    try await tx.appendEvent(Self.event(tenant: t, "ghost"))
                    throw Boom()
                }
            }
            #expect(try await store.read { try await $0.events(tenantID: t, after: 0, limit: 10, types: []) }.map(\.id) == ["same"])
        }
    }

    @Test("pruning removes the oldest events in batches, and a seq is never handed out again", arguments: StoreFactory.all)
    func pruning(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1).id }
            var last: Int64 = 0
            for i in 1...5 {
                last = try await store.write { try await $0.appendEvent(Self.event(tenant: t, "e\(i)", timeMs: Int64(i * 100))) }.seq
            }
            #expect(try await store.write { try await $0.pruneEvents(beforeMs: 350, limit: 2) } == 2)
            #expect(try await store.write { try await $0.pruneEvents(beforeMs: 350, limit: 2) } == 1)
            #expect(try await store.read { try await $0.events(tenantID: t, after: 0, limit: 10, types: []) }.map(\.id) == ["e4", "e5"])
            // Emptied by pruning, the outbox still counts on: a poller's cursor never points past new events.
            #expect(try await store.write { try await $0.pruneEvents(beforeMs: 1_000, limit: 100) } == 2)
            #expect(try await store.read { try await $0.latestEventSeq(tenantID: t) } == 0)
            let next = try await store.write { try await $0.appendEvent(Self.event(tenant: t, "e6", timeMs: 2_000)) }
            #expect(next.seq > last)
            #expect(try await store.read { try await $0.events(tenantID: t, after: last, limit: 10, types: []) }.map(\.id) == ["e6"])
        }
    }

    @Test("a user is marked provisioned once, and the mark goes with the user", arguments: StoreFactory.all)
    func provisionedOnce(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1).id }
            let user = try await store.write { try await $0.insertUser(tenant: t, "ann") }
            #expect(try await store.write { try await $0.markProvisioned(userSeq: user.seq, tenantID: t, nowMs: 5) })
            #expect(try await store.write { try await $0.markProvisioned(userSeq: user.seq, tenantID: t, nowMs: 6) } == false)
            #expect(try await store.write { try await $0.markProvisioned(userSeq: user.seq, tenantID: t, nowMs: 7) } == false)
            await #expect(throws: (any Error).self) {
                try await store.read { try await $0.markProvisioned(userSeq: user.seq, tenantID: t, nowMs: 8) }
            }
            // Deleted, its mark is gone: a new user (who may get the same seq) is announced afresh.
            try await store.write { try await $0.deleteResource(seq: user.seq) }
            let next = try await store.write { try await $0.insertUser(tenant: t, "bob") }
            #expect(try await store.write { try await $0.markProvisioned(userSeq: next.seq, tenantID: t, nowMs: 9) })
        }
    }
}
