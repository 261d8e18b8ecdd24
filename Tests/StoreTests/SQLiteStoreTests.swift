import CSQLite
import Foundation
import SCIM
import Store
import Testing

/// What is particular to the SQLite file: its schema migrations. What every store must do is
/// in Contract/, run against SQLite through `StoreFactory`.
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
}
