import Store
import Testing

@Suite("Store contract: ConsoleSessionStore")
struct ConsoleSessionStoreContractTests {
    private func session(
        _ tenant: TenantRecord, client: String = "console:ops", credential: ConsoleCredential = .init(kind: .adminToken, id: "tok-1"),
        idle: Int64 = 100, expires: Int64 = 1_000
    ) -> ConsoleSessionRecord {
        ConsoleSessionRecord(
            tenantID: tenant.id, tenantName: tenant.name, client: client, credential: credential, csrfSecret: "csrf-\(client)",
            createdMs: 10, idleExpiresMs: idle, expiresMs: expires)
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

    @Test("every credential kind comes back as it was stored", arguments: StoreFactory.all)
    func credentials(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            for kind in ConsoleCredential.Kind.allCases {
                let credential = ConsoleCredential(kind: kind, id: "id-\(kind.rawValue)")
                try await store.write { try await $0.insertConsoleSession(session(t, credential: credential), hash: kind.rawValue) }
                let stored = try await store.read { try await $0.consoleSession(hash: kind.rawValue) }
                #expect(stored?.credential == credential)
                #expect(stored?.mayChooseTenant == (kind == .operatorToken))
            }
        }
    }

    @Test("a session moves to another tenant; a missing tenant or session moves nothing", arguments: StoreFactory.all)
    func switchTenant(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (a, b) = try await store.write { tx async throws in
                (try await tx.createTenant(name: "acme", nowMs: 1), try await tx.createTenant(name: "globex", nowMs: 1))
            }
            let operatorCredential = ConsoleCredential(kind: .operatorToken, id: "op")
            try await store.write { try await $0.insertConsoleSession(session(a, credential: operatorCredential), hash: "h") }
            #expect(try await store.write { try await $0.setConsoleSessionTenant(hash: "h", tenantID: b.id) })
            let moved = try #require(try await store.read { try await $0.consoleSession(hash: "h") })
            #expect(moved.tenantID == b.id)
            #expect(moved.tenantName == "globex")
            #expect(moved.client == "console:ops")
            #expect(moved.csrfSecret == session(a).csrfSecret)
            #expect(try await store.write { try await $0.setConsoleSessionTenant(hash: "h", tenantID: 9_999) } == false)
            #expect(try await store.read { try await $0.consoleSession(hash: "h") }?.tenantID == b.id)
            #expect(try await store.write { try await $0.setConsoleSessionTenant(hash: "missing", tenantID: a.id) } == false)
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
        let credential = ConsoleCredential(kind: .client, id: "c")
        let record = ConsoleSessionRecord(
            tenantID: 1, tenantName: "t", client: "c", credential: credential, csrfSecret: "s", createdMs: 0, idleExpiresMs: 100,
            expiresMs: 200)
        #expect(record.isLive(nowMs: 99))
        #expect(record.isLive(nowMs: 100) == false)
        #expect(ConsoleSessionRecord(
            tenantID: 1, tenantName: "t", client: "c", credential: credential, csrfSecret: "s", createdMs: 0, idleExpiresMs: 300,
            expiresMs: 200
        ).isLive(nowMs: 200) == false)
    }
}
