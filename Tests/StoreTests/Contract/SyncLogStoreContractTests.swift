import SCIM
import Store
import Testing

@Suite("Store contract: SyncLogStore")
struct SyncLogStoreContractTests {
    @Test("queries filter by tenant, time, status, resource, type and operation, newest first", arguments: StoreFactory.all)
    func queries(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (a, b) = try await store.write { tx async throws in
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

    @Test("an appended entry comes back whole, under a new sequence number", arguments: StoreFactory.all)
    func appendRoundTrip(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1).id }
            let entry = SyncLogEntry(
                seq: 999, tenantID: t, timeMs: 10, correlationID: "corr", client: "okta", sourceAddress: "10.0.0.1",
                operation: "Patch", resourceType: "Group", resourceID: "g1", resourceName: "Admins", externalID: "ext",
                status: .warning, errorCode: "mapping", message: "Unable to assign role",
                changes: [["attribute": "members", "old": .null, "new": "u1"]], details: ["remedy": "create the role"])
            let (first, second) = try await store.write { tx async throws in
                (try await tx.appendLog(entry), try await tx.appendLog(logEntry(tenant: t, timeMs: 11)))
            }
            // The entry's own seq is ignored.
            #expect(first != 999 && second > first)
            let read = try #require(try await store.read { try await $0.logEntries(SyncLogQuery(tenantID: t)) }.last)
            var expected = entry
            expected.seq = first
            #expect(read == expected)
        }
    }

    @Test("pruning deletes the oldest entries before the cut-off, at most `limit` per call", arguments: StoreFactory.all)
    func prune(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                for time in [50, 10, 40, 20, 30, 60] as [Int64] { try await tx.appendLog(logEntry(tenant: t, timeMs: time)) }
                return t
            }
            func times() async throws -> [Int64] {
                try await store.read { try await $0.logEntries(SyncLogQuery(tenantID: t)) }.map(\.timeMs).sorted()
            }
            #expect(try await store.write { try await $0.pruneLog(beforeMs: 45, limit: 2) } == 2)
            #expect(try await times() == [30, 40, 50, 60])
            #expect(try await store.write { try await $0.pruneLog(beforeMs: 45, limit: 10) } == 2)
            #expect(try await times() == [50, 60])
            #expect(try await store.write { try await $0.pruneLog(beforeMs: 45, limit: 10) } == 0)
            #expect(try await store.write { try await $0.pruneLog(beforeMs: 1_000, limit: 0) } == 0)
            #expect(try await times() == [50, 60])
        }
    }
}
