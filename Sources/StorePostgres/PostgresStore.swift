import Foundation
import Logging
import PostgresNIO
import SCIM
import Store

/// The networked store: one PostgreSQL database shared by any number of scimd processes
/// (docs/decisions/0010-postgresql-store.md).
///
/// Writes are serialised across every process by a transaction-scoped advisory lock, so they
/// behave as SQLite's single writer does: a read-modify-write (a member add, an `If-Match`
/// check, a uniqueness check in Swift) sees every earlier commit and nothing can slip between
/// its read and its write. Reads run in `REPEATABLE READ READ ONLY` transactions, one consistent
/// snapshot each, and never wait for the writer.
public final class PostgresStore: ProvisioningStore {
    public let location: PostgresLocation
    public let lockTimeout: Duration
    let derived: DerivedAttributes
    let logger: Logger
    private let client: PostgresClient
    private let runner: Task<Void, Never>

    /// `pg_advisory_xact_lock` key every write takes ("scimd" writer); another application
    /// sharing the database would have to pick this exact number to collide.
    static let writerLockKey: Int64 = 0x5C1D_0001
    /// `pg_advisory_lock` key held while migrating, so instances starting together migrate once.
    static let migrationLockKey: Int64 = 0x5C1D_0002

    /// Connects, waits for the database to answer, and brings its schema up to date.
    ///
    /// Throws `StoreError.unavailable` when the server cannot be reached or refuses the login,
    /// and when the database's schema is newer than this binary knows.
    public init(
        url: String, derived: DerivedAttributes = DerivedAttributes(), lockTimeout: Duration = .seconds(5),
        maximumConnections: Int = 20, logger: Logger = Logger(label: "scimd.postgres")
    ) async throws {
        location = try PostgresLocation(url: url)
        self.lockTimeout = lockTimeout
        self.derived = derived
        self.logger = logger
        var configuration = location.clientConfiguration
        configuration.options.maximumConnections = max(2, maximumConnections)
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        do {
            try await migrate()
        } catch {
            runner.cancel()
            throw PostgresErrors.storeError(error, duplicateField: nil)
        }
    }

    deinit { runner.cancel() }

    /// Closes the pool's connections; the store answers nothing afterwards.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    // MARK: Transactions

    /// The transaction a `write` or `read` body of this store runs in, so a nested call joins
    /// it (a savepoint for a nested write, the same snapshot for a read) instead of waiting for
    /// a second connection and the writer lock the first already holds.
    struct Enclosing: Sendable {
        let store: ObjectIdentifier
        let transaction: SQLTransaction<PostgresSession>
    }

    @TaskLocal static var enclosing: Enclosing?

    private func transaction(_ session: PostgresSession, writable: Bool) -> SQLTransaction<PostgresSession> {
        // No page-position cache: another process may delete rows behind it.
        SQLTransaction(session: session, writable: writable, pagePositions: nil, derived: derived)
    }

    public func read<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
        if let enclosing = Self.enclosing, enclosing.store == ObjectIdentifier(self) {
            return try await body(enclosing.transaction.readOnly())
        }
        return try await withConnection { connection in
            let session = PostgresSession(connection: connection, logger: logger)
            try await session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let tx = transaction(session, writable: false)
                let value = try await Self.$enclosing.withValue(Enclosing(store: ObjectIdentifier(self), transaction: tx)) {
                    try await body(tx)
                }
                try await session.execute("COMMIT")
                return value
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func write<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
        if let enclosing = Self.enclosing, enclosing.store == ObjectIdentifier(self) {
            guard enclosing.transaction.writable else { throw StoreError.internalError("write attempted in a read transaction") }
            return try await savepoint(enclosing.transaction, body)
        }
        let queued = ContinuousClock.now
        return try await withConnection { connection in
            let session = PostgresSession(connection: connection, logger: logger)
            try await session.execute("BEGIN")
            do {
                // A writer that cannot get the lock within the timeout is busy (503 with
                // Retry-After), as SQLite's is after its busy timeout.
                try await session.execute("SET LOCAL lock_timeout = '\(max(1, Int(lockTimeout / .milliseconds(1))))ms'")
                try await session.execute("SELECT pg_advisory_xact_lock(\(Self.writerLockKey))")
                try await session.execute("SET LOCAL lock_timeout = 0")
                let started = ContinuousClock.now
                StoreMetrics.writeWait.recordNanoseconds(StoreMetrics.nanoseconds(started - queued))
                let tx = transaction(session, writable: true)
                let value = try await Self.$enclosing.withValue(Enclosing(store: ObjectIdentifier(self), transaction: tx)) {
                    try await body(tx)
                }
                try await session.execute("COMMIT")
                StoreMetrics.writeTransaction.recordNanoseconds(StoreMetrics.nanoseconds(ContinuousClock.now - started))
                StoreMetrics.committed(logStatuses: tx.effects.loggedStatuses)
                return value
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// A write inside a write: its own savepoint, so its failure undoes only its own changes
    /// (its sync-log entries included, which then are not counted).
    private func savepoint<T>(_ tx: SQLTransaction<PostgresSession>, _ body: (any StoreTransaction) async throws -> T) async throws -> T {
        let session = tx.session
        let logged = tx.effects.loggedStatuses.count
        try await session.execute("SAVEPOINT scimd_nested")
        do {
            let value = try await body(tx)
            try await session.execute("RELEASE SAVEPOINT scimd_nested")
            return value
        } catch {
            try? await session.execute("ROLLBACK TO SAVEPOINT scimd_nested")
            try? await session.execute("RELEASE SAVEPOINT scimd_nested")
            tx.effects.loggedStatuses.removeSubrange(min(logged, tx.effects.loggedStatuses.count)...)
            throw error
        }
    }

    /// Runs `body` on a pooled connection. What the body throws reaches the caller as it is
    /// (a service error must stay that error); only the pool's and the driver's own failures
    /// are translated into `StoreError`.
    ///
    /// A pooled connection the server has closed meanwhile (a restart, a failover,
    /// `pg_terminate_backend`) is not handed to the body: the pool may still offer it for a
    /// while, so the lease is retried a few times, then the store is unavailable. The body has
    /// not run then, so nothing is repeated.
    private func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        for attempt in 0..<Self.leaseAttempts {
            do {
                let answer = try await client.withConnection { connection in
                    if connection.isClosed { throw ClosedConnection() }
                    do {
                        // The transaction's code runs on the connection's event loop, where its
                        // answers arrive: each statement then resumes it without waking a
                        // thread of the cooperative pool (two hops per statement otherwise).
                        return try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                            TransactionValue(value: try await body(connection))
                        }
                    } catch {
                        throw BodyError(error: error)
                    }
                }
                return answer.value
            } catch let error as BodyError {
                throw error.error
            } catch is ClosedConnection {
                try? await Task.sleep(for: .milliseconds(10 * (attempt + 1)))
            } catch {
                throw PostgresErrors.storeError(error, duplicateField: nil)
            }
        }
        throw StoreError.unavailable("every PostgreSQL connection offered was closed by the server")
    }

    /// Leases tried before a closed connection makes the store unavailable.
    static let leaseAttempts = 25

    /// Carries an error out of a connection's body untranslated.
    private struct BodyError: Error {
        let error: any Error
    }

    /// A transaction's value on its way out of the pool's closure, whose result must be
    /// `sending`: the value is the caller's alone (the transaction that made it has ended).
    private struct TransactionValue<T>: @unchecked Sendable {
        let value: T
    }

    /// The pool offered a connection the server had closed.
    private struct ClosedConnection: Error {}

    // MARK: Operations

    /// Nothing to do: PostgreSQL makes every commit durable itself.
    public func checkpoint() async {}

    public func health() async -> StoreHealth {
        let expected = PostgresMigrations.all.count
        do {
            return try await withConnection { connection in
                let tx = PostgresSession(connection: connection, logger: logger)
                let version = try await tx.row("SELECT max(version) FROM scimd_schema", [])?.optionalInt(0)
                // How long the transaction holding the writer lock has been open, if one is.
                let held = try await tx.row(
                    """
                    SELECT (extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::bigint
                    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.granted AND l.objid = ?1 AND l.objsubid = 1
                    """, [.integer(Self.writerLockKey)])?.optionalInt(0)
                return StoreHealth(
                    schemaVersion: version.map(Int.init), expectedSchemaVersion: expected,
                    writerBusyFor: held.map { .milliseconds($0) })
            }
        } catch {
            return StoreHealth(schemaVersion: nil, expectedSchemaVersion: expected, writerBusyFor: nil, error: "\(error)")
        }
    }

    /// A PostgreSQL deployment is backed up by PostgreSQL's own tools.
    public func backup(to path: String) async throws {
        throw StoreError.unavailable(
            "scimctl backup copies SQLite databases only; back up \(location.database) with pg_dump or your provider's snapshots")
    }

    // MARK: Migrations

    /// Runs the migrations this database has not seen, each in its own transaction, under a
    /// session advisory lock: a second instance starting at the same moment waits, then finds
    /// the schema current. A database newer than this binary is refused, not touched.
    private func migrate() async throws {
        try await withConnection { connection in
            let tx = PostgresSession(connection: connection, logger: logger)
            try await tx.run("SELECT pg_advisory_lock(\(Self.migrationLockKey))")
            do {
                try await tx.run("CREATE TABLE IF NOT EXISTS scimd_schema (version BIGINT NOT NULL, applied_ms BIGINT NOT NULL)")
                let current = Int(try await tx.row("SELECT coalesce(max(version), 0) FROM scimd_schema", [])?.int(0) ?? 0)
                let known = PostgresMigrations.all.count
                if current > known {
                    throw StoreError.unavailable(
                        "the database \(location.database) has schema version \(current), newer than this scimd knows (\(known)): upgrade scimd")
                }
                for version in (current + 1)..<(known + 1) {
                    try await tx.run("BEGIN")
                    do {
                        // One statement per query: the extended protocol takes no more.
                        for statement in PostgresMigrations.statements(of: PostgresMigrations.all[version - 1]) {
                            try await tx.run(statement, [])
                        }
                        try await tx.run(
                            "INSERT INTO scimd_schema(version, applied_ms) VALUES (?1, ?2)",
                            [.integer(Int64(version)), .integer(Int64(Date().timeIntervalSince1970 * 1000))])
                        try await tx.run("COMMIT")
                    } catch {
                        _ = try? await tx.run("ROLLBACK")
                        throw error
                    }
                }
            } catch {
                _ = try? await tx.run("SELECT pg_advisory_unlock(\(Self.migrationLockKey))")
                throw error
            }
            try await tx.run("SELECT pg_advisory_unlock(\(Self.migrationLockKey))")
        }
    }
}
