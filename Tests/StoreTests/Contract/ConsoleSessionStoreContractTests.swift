import Store
import Testing

@Suite("Store contract: ConsoleSessionStore")
struct ConsoleSessionStoreContractTests {
    private func session(_ tenant: TenantRecord, client: String = "console:ops", idle: Int64 = 100, expires: Int64 = 1_000)
        -> ConsoleSessionRecord
    {
        ConsoleSessionRecord(
            tenantID: tenant.id, tenantName: tenant.name, client: client, csrfSecret: "csrf-\(client)", createdMs: 10,
            idleExpiresMs: idle, expiresMs: expires)
    }

    @Test("a session is found by its hash with its tenant's name; an unknown hash finds nothing", arguments: StoreFactory.all)
    func insertAndFind(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (a, b) = try await store.write { tx async throws in
                (try await tx.createTenant(name: "acme", nowMs: 1), try await tx.createTenant(name: "globex", nowMs: 1))
            }
            try await store.write { tx async throws in
                try await tx.insertConsoleSession(session(a), hash: "h-a")
                try await tx.insertConsoleSession(session(b, client: "console:entra"), hash: "h-b")
            }
            try await store.read { tx async throws in
                #expect(try await tx.consoleSession(hash: "h-a") == session(a))
                #expect(try await tx.consoleSession(hash: "h-b")?.tenantName == "globex")
                #expect(try await tx.consoleSession(hash: "h-b")?.client == "console:entra")
                #expect(try await tx.consoleSession(hash: "unknown") == nil)
            }
        }
    }

    @Test("a hash inserted twice is StoreError.duplicate(session)", arguments: StoreFactory.all)
    func duplicate(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            try await store.write { try await $0.insertConsoleSession(session(t), hash: "h") }
            await #expect(throws: StoreError.duplicate(field: "session")) {
                try await store.write { try await $0.insertConsoleSession(session(t, client: "console:other"), hash: "h") }
            }
            #expect(try await store.read { try await $0.consoleSession(hash: "h") }?.client == "console:ops")
        }
    }

    @Test("touching moves the idle expiry but never past the absolute one", arguments: StoreFactory.all)
    func touch(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            try await store.write { try await $0.insertConsoleSession(session(t, idle: 100, expires: 1_000), hash: "h") }
            try await store.write { try await $0.touchConsoleSession(hash: "h", idleExpiresMs: 500) }
            #expect(try await store.read { try await $0.consoleSession(hash: "h") }?.idleExpiresMs == 500)
            try await store.write { try await $0.touchConsoleSession(hash: "h", idleExpiresMs: 5_000) }
            let stored = try #require(try await store.read { try await $0.consoleSession(hash: "h") })
            #expect(stored.idleExpiresMs == 1_000)
            #expect(stored.expiresMs == 1_000)
            // A session that is gone is not an error.
            try await store.write { try await $0.touchConsoleSession(hash: "missing", idleExpiresMs: 5_000) }
        }
    }

    @Test("deleting reports true once; pruning deletes idle and absolutely expired sessions only", arguments: StoreFactory.all)
    func deleteAndPrune(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            try await store.write { tx async throws in
                try await tx.insertConsoleSession(session(t, idle: 100, expires: 1_000), hash: "idle-expired")
                try await tx.insertConsoleSession(session(t, idle: 300, expires: 300), hash: "expired")
                try await tx.insertConsoleSession(session(t, idle: 400, expires: 1_000), hash: "live")
                try await tx.insertConsoleSession(session(t, idle: 400, expires: 1_000), hash: "signed-out")
            }
            #expect(try await store.write { try await $0.deleteConsoleSession(hash: "signed-out") })
            #expect(try await store.write { try await $0.deleteConsoleSession(hash: "signed-out") } == false)
            #expect(try await store.write { try await $0.pruneConsoleSessions(nowMs: 300) } == 2)
            try await store.read { tx async throws in
                #expect(try await tx.consoleSession(hash: "idle-expired") == nil)
                #expect(try await tx.consoleSession(hash: "expired") == nil)
                #expect(try await tx.consoleSession(hash: "live") != nil)
            }
            #expect(try await store.write { try await $0.pruneConsoleSessions(nowMs: 300) } == 0)
        }
    }

    @Test("a session is live until the first of its idle and absolute expiries")
    func liveness() {
        let record = ConsoleSessionRecord(
            tenantID: 1, tenantName: "t", client: "c", csrfSecret: "s", createdMs: 0, idleExpiresMs: 100, expiresMs: 200)
        #expect(record.isLive(nowMs: 99))
        #expect(record.isLive(nowMs: 100) == false)
        #expect(ConsoleSessionRecord(
            tenantID: 1, tenantName: "t", client: "c", csrfSecret: "s", createdMs: 0, idleExpiresMs: 300, expiresMs: 200
        ).isLive(nowMs: 200) == false)
    }
}
