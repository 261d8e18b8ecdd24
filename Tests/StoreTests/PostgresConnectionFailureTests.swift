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

    @Test("terminated while a statement is in flight (waiting for the writer lock): the write fails as unavailable, it does not wait on")
    func terminatedWhileStatementWaits() async throws {
        let url = try await PostgresTestDatabase.create()
        let database = try #require(PostgresTestDatabase.name(of: url))
        let holder = try await PostgresStore(url: url, maximumConnections: 2)
        // A lock timeout far beyond the test: only the lost connection may end the wait.
        let waiter = try await PostgresStore(url: url, lockTimeout: .seconds(120), maximumConnections: 2)
        let holding = Task { try await holder.write { _ in try await Task.sleep(for: .seconds(60)) } }
        // The writer lock is held once health() sees its transaction.
        var held = false
        for _ in 0..<200 where !held {
            held = await waiter.health().writerBusyFor != nil
            if !held { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(held, "the holder took the writer lock")
        let waiting = Task { () -> (any Error)? in
            do {
                _ = try await waiter.write { try await $0.createTenant(name: "never", nowMs: 1) }
                return nil
            } catch {
                return error
            }
        }
        // The waiter's statement is in flight once PostgreSQL shows a backend waiting on the lock.
        var waits = false
        for _ in 0..<200 where !waits {
            waits = try await PostgresTestDatabase.backendsWaitingOnLocks(database: database) > 0
            if !waits { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(waits, "the waiter's pg_advisory_xact_lock is in flight")
        let started = ContinuousClock.now
        // Only the waiter's connection: ending the holder's would hand the waiter the lock.
        let terminated = try await PostgresTestDatabase.terminateConnections(database: database, onlyWaitingOnLocks: true)
        #expect(terminated == 1)
        let failure = await waiting.value
        guard case .unavailable? = failure as? StoreError else {
            Issue.record("expected StoreError.unavailable, got \(String(describing: failure))")
            holding.cancel()
            return
        }
        // Far below the 120 s lock timeout and the holder's 60 s: the loss ended the wait.
        #expect(ContinuousClock.now - started < .seconds(30))
        holding.cancel()
        _ = await holding.result
        let after = try await waiter.write { try await $0.createTenant(name: "after", nowMs: 2) }
        #expect(try await waiter.read { try await $0.tenants() }.map(\.name) == [after.name], "neither write left anything")
        await holder.close()
        await waiter.close()
        await PostgresTestDatabase.drop(database: database)
    }
}
