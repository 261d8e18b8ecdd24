import Foundation
import PostgresTestSupport
import Store
import StorePostgres
import Testing

/// What the PostgreSQL store does when the server drops a connection (a failover, a restart,
/// `pg_terminate_backend`): the transaction on it fails as `StoreError.unavailable` (503 with
/// Retry-After at the HTTP layer), nothing of it is committed, and the pool serves the next
/// transaction on a new connection. (Before the store checked `isClosed`, the second
/// statement on the terminated connection waited forever: postgres-nio 1.33 took the query and
/// never answered it.)
@Suite("PostgreSQL store: a connection lost mid-transaction", .enabled(if: PostgresTestDatabase.isAvailable))
struct PostgresConnectionFailureTests {
    @Test("terminated inside a write: the write fails as unavailable and leaves nothing; the next write succeeds")
    func terminatedInsideWrite() async throws {
        let url = try await PostgresTestDatabase.create()
        let database = try #require(PostgresTestDatabase.name(of: url))
        let store = try await PostgresStore(url: url, maximumConnections: 4)
        do {
            var failure: (any Error)?
            do {
                try await store.write { tx in
                    _ = try await tx.createTenant(name: "lost", nowMs: 1)
                    try await PostgresTestDatabase.terminateConnections(database: database)
                    _ = try await tx.createTenant(name: "lost-too", nowMs: 1)
                }
            } catch {
                failure = error
            }
            guard case .unavailable? = failure as? StoreError else {
                Issue.record("expected StoreError.unavailable, got \(String(describing: failure))")
                return
            }
            let after = try await store.write { try await $0.createTenant(name: "after", nowMs: 2) }
            #expect(try await store.read { try await $0.tenants() }.map(\.name) == [after.name], "the lost write left nothing")
        }
        await store.close()
        await PostgresTestDatabase.drop(database: database)
    }
}
