import CSQLite
import Foundation
import SCIM
import Store
import Testing

/// Migration 6 on a file written by the previous scimd: the outbox starts empty, and the users
/// already in scope count as provisioned, so an upgrade does not welcome everyone again.
@Suite("SQLite migration 6: the event outbox")
struct EventMigrationTests {
    @Test("upgrading a version-5 file marks its in-scope users provisioned, and only those")
    func upgradeMarksInScopeUsers() async throws {
        try await StoreFixture.run { fixture in
            let (tenantID, seqs) = try await { () async throws -> (Int64, (inScope: Int64, noAssignment: Int64, outOfScope: Int64)) in
                let store = try fixture.open()
                let result = try await store.write { tx async throws in
                    let tenantID = try await tx.createTenant(name: "t", nowMs: 1).id
                    let a = try await tx.insertUser(tenant: tenantID, "ann")
                    let b = try await tx.insertUser(tenant: tenantID, "bob")
                    let c = try await tx.insertUser(tenant: tenantID, "cy")
                    try await tx.saveAssignment(
                        AssignmentRecord(userSeq: a.seq, roles: [], organization: "HQ", suspended: false, updatedMs: 2),
                        tenantID: tenantID)
                    try await tx.saveAssignment(
                        AssignmentRecord(userSeq: c.seq, roles: [], organization: nil, suspended: false, outOfScope: "department", updatedMs: 2),
                        tenantID: tenantID)
                    return (tenantID, (inScope: a.seq, noAssignment: b.seq, outOfScope: c.seq))
                }
                await store.checkpoint()
                return result
            }()
            // Turn the file back into what scimd before migration 6 left.
            var db: OpaquePointer?
            #expect(sqlite3_open(fixture.path, &db) == SQLITE_OK)
            // The first store's connections close on their own threads; under load that takes a moment.
            sqlite3_busy_timeout(db, 30_000)
            // Migration 7's tables, migration 8's columns and migration 9's, 10's and 11's tables go
            // too: a version-5 file has none of them.
            let downgrade = """
                DROP TABLE console_sessions; DROP TABLE cursor_keys; DROP TABLE oauth_client_secrets; DROP TABLE oauth_clients; DROP TABLE signing_keys;
                ALTER TABLE tenants DROP COLUMN rate_limit; ALTER TABLE tenants DROP COLUMN rate_burst;
                ALTER TABLE tenants DROP COLUMN client_rate_limit;
                DROP TABLE delivery_attempts; DROP TABLE deliveries; DROP TABLE subscriptions;
                DROP TABLE events; DROP TABLE provisioned_users; PRAGMA user_version = 5
                """
            #expect(sqlite3_exec(db, downgrade, nil, nil, nil) == SQLITE_OK)
            sqlite3_close(db)

            let store = try fixture.open()
            try await store.write { tx async throws in
                #expect(try await tx.markProvisioned(userSeq: seqs.inScope, tenantID: tenantID, nowMs: 3) == false)
                #expect(try await tx.markProvisioned(userSeq: seqs.noAssignment, tenantID: tenantID, nowMs: 3) == false)
                #expect(try await tx.markProvisioned(userSeq: seqs.outOfScope, tenantID: tenantID, nowMs: 3) == true)
                #expect(try await tx.latestEventSeq(tenantID: tenantID) == 0)
            }
        }
    }
}
