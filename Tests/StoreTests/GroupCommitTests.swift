import Foundation
import SCIM
import Store
import Testing

/// Group commit: writes queued behind one another share one transaction, each in its own
/// SAVEPOINT, and are answered only after its COMMIT. What is observable from outside: a write
/// in a batch sees the earlier members' rows while a reader does not (not committed yet), a
/// failing member leaves no trace while the others commit, every answered write is visible to a
/// new read, and `maxBatch` ends a batch.
@Suite("Group commit")
struct GroupCommitTests {
    /// A store whose batches are not cut short by time: `maxBatchDuration` beyond any test.
    private static func open(_ fixture: StoreFixture, maxBatch: Int = 64) throws -> SQLiteStore {
        try SQLiteStore(
            path: fixture.path,
            configuration: .init(
                lockTimeout: .seconds(60), derivedAttributes: StoreFixture.derivedAttributes, maxBatch: maxBatch,
                maxBatchDuration: .seconds(60)))
    }

    /// The userNames a new read transaction sees: committed rows only. Detached, so that a call
    /// from inside a write body is not a read of that write's own transaction.
    private static func committedNames(_ store: SQLiteStore, tenant: Int64) async throws -> Set<String> {
        try await Task.detached {
            let page = try await store.read {
                try await $0.query(tenantID: tenant, type: "User", ResourceQuery(count: 1000), schema: StoreFixture.userSchema)
            }
            return Set(page.records.compactMap { $0.body["userName"]?.stringValue })
        }.value
    }

    /// Starts one write per name, in that order, once each has had time to queue.
    private static func queue(
        _ names: [String], store: SQLiteStore, tenant: Int64,
        body: @escaping @Sendable (String, any StoreTransaction) async throws -> Void
    ) async throws -> [Task<Void, any Error>] {
        var tasks: [Task<Void, any Error>] = []
        for name in names {
            tasks.append(Task { try await store.write { try await body(name, $0) } })
            try await Task.sleep(for: .milliseconds(30))  // arrival order
        }
        return tasks
    }

    @Test("writes queued together share a transaction: a later one sees an earlier one's row, a reader does not until all are answered")
    func queuedWritesShareATransaction() async throws {
        try await StoreFixture.run { fixture in
            let store = try Self.open(fixture)
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let release = Gate()
            let holder = await holdWriter(store, tenant: tenant, until: release)
            let journal = Journal()
            let seen = Locked<(inTransaction: Bool, committed: Set<String>)?>(nil)
            let tasks = try await Self.queue(["a", "b"], store: store, tenant: tenant) { name, tx in
                try await tx.insertUser(tenant: tenant, name)
                if name == "b" {
                    let inTransaction = try await tx.resource(tenantID: tenant, type: "User", nameKey: "a") != nil
                    let committed = try await Self.committedNames(store, tenant: tenant)
                    seen.withLock { $0 = (inTransaction, committed) }
                }
                journal.record("body \(name)")
            }
            let answered = (0..<2).map { i in Task { try await tasks[i].value; journal.record("answered \(["a", "b"][i])") } }
            release.open()
            try await holder.value
            for task in answered { try await task.value }
            let observed = try #require(seen.value)
            #expect(observed.inTransaction, "b's transaction holds a's row")
            // Holder, a and b commit together: while b ran none of them was committed.
            #expect(observed.committed.isEmpty, "\(observed.committed)")
            // a was answered only after b's body ran: the COMMIT comes after the whole batch.
            let order = journal.all
            let bodyB = try #require(order.firstIndex(of: "body b"))
            let answeredA = try #require(order.firstIndex(of: "answered a"))
            #expect(bodyB < answeredA, "\(order)")
            #expect(try await Self.committedNames(store, tenant: tenant) == ["holder", "a", "b"])
        }
    }

    @Test("a failing write in a batch undoes only its own changes, sync-log entry included; the others commit")
    func failingMemberRollsBackAlone() async throws {
        struct Refused: Error {}
        try await StoreFixture.run { fixture in
            let store = try Self.open(fixture)
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let release = Gate()
            let holder = await holdWriter(store, tenant: tenant, until: release)
            let tasks = try await Self.queue(["a", "b", "c"], store: store, tenant: tenant) { name, tx in
                try await tx.insertUser(tenant: tenant, name)
                _ = try await tx.appendLog(
                    SyncLogEntry(tenantID: tenant, timeMs: 1, operation: "create", resourceType: "User", resourceName: name, status: .success, message: "created"))
                if name == "b" { throw Refused() }
            }
            release.open()
            try await holder.value
            try await tasks[0].value
            await #expect(throws: Refused.self) { try await tasks[1].value }
            try await tasks[2].value
            #expect(try await Self.committedNames(store, tenant: tenant) == ["holder", "a", "c"])
            let logged = try await store.read { try await $0.logEntries(SyncLogQuery(tenantID: tenant)) }
            #expect(Set(logged.compactMap(\.resourceName)) == ["a", "c"])
        }
    }

    @Test("maxBatch ends a batch: with 2, the third queued write finds the first two committed")
    func maxBatchBoundsABatch() async throws {
        try await StoreFixture.run { fixture in
            let store = try Self.open(fixture, maxBatch: 2)
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let release = Gate()
            let holder = await holdWriter(store, tenant: tenant, until: release)
            let committedDuringC = Locked<Set<String>?>(nil)
            let tasks = try await Self.queue(["a", "b", "c"], store: store, tenant: tenant) { name, tx in
                try await tx.insertUser(tenant: tenant, name)
                if name == "c" {
                    let committed = try await Self.committedNames(store, tenant: tenant)
                    committedDuringC.withLock { $0 = committed }
                }
            }
            release.open()
            try await holder.value
            for task in tasks { try await task.value }
            // Batches: [holder, a], then [b, c].
            #expect(committedDuringC.value == ["holder", "a"])
        }
    }

    @Test("under 32 concurrent writers every answered write is visible to the next read, and none is lost")
    func answeredMeansCommitted() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let missing = Locked<[String]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<32 {
                    group.addTask {
                        for n in 0..<20 {
                            let name = "w\(worker)-\(n)"
                            try await store.write { try await $0.insertUser(tenant: tenant, name) }
                            let found = try await store.read { try await $0.resource(tenantID: tenant, type: "User", nameKey: name) }
                            if found == nil { missing.withLock { $0.append(name) } }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(missing.value.isEmpty, "answered but not yet visible: \(missing.value.prefix(5))")
            #expect(try await Self.committedNames(store, tenant: tenant).count == 640)
        }
    }

    @Test("a write started inside a write's body joins it: a failure undoes only the nested write; reads inside see the transaction")
    func nestedWritesAreSavepoints() async throws {
        struct Refused: Error {}
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let seenInside = try await store.write { tx -> Bool in
                try await tx.insertUser(tenant: tenant, "outer")
                _ = try await store.write { try await $0.insertUser(tenant: tenant, "kept") }
                await #expect(throws: Refused.self) {
                    try await store.write { inner in
                        try await inner.insertUser(tenant: tenant, "undone")
                        throw Refused()
                    }
                }
                // A read from inside the body reads this transaction (a reader connection would not
                // see "kept" before the COMMIT).
                return try await store.read { try await $0.resource(tenantID: tenant, type: "User", nameKey: "kept") } != nil
            }
            #expect(seenInside)
            #expect(try await Self.committedNames(store, tenant: tenant) == ["outer", "kept"])
            // A nested write of a transaction that then fails goes with it.
            await #expect(throws: Refused.self) {
                try await store.write { _ in
                    _ = try await store.write { try await $0.insertUser(tenant: tenant, "gone-with-outer") }
                    throw Refused()
                }
            }
            #expect(try await Self.committedNames(store, tenant: tenant) == ["outer", "kept"])
        }
    }

    @Test("durability full sets synchronous=FULL on the writer, as SQLite reports it; normal is the default", arguments: [
        SQLiteStore.Durability.full, .normal,
    ])
    func durability(_ durability: SQLiteStore.Durability) async throws {
        try await StoreFixture.run { fixture in
            let store = try SQLiteStore(
                path: fixture.path, configuration: .init(derivedAttributes: StoreFixture.derivedAttributes, durability: durability))
            #expect(store.durability == durability)
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            try await store.write { try await $0.insertUser(tenant: tenant, "durable") }
            #expect(try await Self.committedNames(store, tenant: tenant) == ["durable"])
        }
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            #expect(store.durability == .normal)
        }
    }
}
