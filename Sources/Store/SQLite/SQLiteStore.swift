import CSQLite
import Foundation
import Logging
import SCIM
import Synchronization

/// The embedded store: one SQLite file in WAL mode, one writer connection fed by a queue, and
/// a pool of reader connections that never wait for the writer. SQLite runs on threads of the
/// store's own (`SQLiteThreads`), never on Swift's cooperative pool.
public final class SQLiteStore: ProvisioningStore {
    public let path: String
    public let configuration: Configuration
    /// What a commit survives, read back from the writer connection's `PRAGMA synchronous`.
    public let durability: Durability
    private let writer: SQLiteWriter
    private let readerThreads: SQLiteThreads
    private let readers = Mutex<[SQLiteConnection]>([])
    private let pagePositions = PagePositions()

    /// Opens (creating if missing) the database at `path` and brings its schema up to date.
    ///
    /// Blocks the calling thread while another process holds the lock, for up to
    /// `configuration.lockTimeout`; call it once at startup.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        self.path = path
        self.configuration = configuration
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.unavailable("cannot create directory \(directory): \(error.localizedDescription)")
            }
        }
        let connection: SQLiteConnection
        var synchronous: Int64 = -1
        do {
            connection = try Self.connect(path, configuration)
            let deadline = ContinuousClock.now.advanced(by: configuration.lockTimeout)
            connection.busyDeadline = deadline
            defer { connection.busyDeadline = nil }
            // Another process may be creating the same file right now; its lock makes ours wait.
            try Self.retryingBusy(until: deadline) {
                try connection.execute("PRAGMA journal_mode = WAL")
                // synchronous=NORMAL fsyncs only at checkpoints; checkpointing every 10,000 pages
                // (~40 MB of WAL) instead of 1,000 cut that cost by 17-73% in scripts/sqlite-commit-rate.py.
                // A killed process still loses nothing committed (docs/performance.md).
                try connection.execute("PRAGMA wal_autocheckpoint = 10000")
                // Per connection; only the writer commits.
                try connection.execute("PRAGMA synchronous = \(configuration.durability == .full ? "FULL" : "NORMAL")")
                // As SQLite has it (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA), not as asked.
                synchronous = try connection.row("PRAGMA synchronous")?.int(0) ?? -1
                try Self.migrate(connection)
            }
        } catch let error as SQLiteError {
            if error.isBusy { throw StoreError.busy }
            throw StoreError.unavailable("cannot open database \(path): \(error.message)")
        }
        durability = synchronous >= 2 ? .full : .normal
        writer = SQLiteWriter(
            connection: connection, timeout: configuration.lockTimeout, fairnessInterval: configuration.fairnessInterval,
            fairnessGap: configuration.fairnessGap, maxBatch: configuration.maxBatch, maxBatchDuration: configuration.maxBatchDuration)
        readerThreads = SQLiteThreads(name: "scimd-sqlite-reader", maxThreads: configuration.readerThreads)
    }

    deinit {
        writer.close()
        readerThreads.stop()
    }

    private static func connect(_ path: String, _ configuration: Configuration) throws -> SQLiteConnection {
        try SQLiteConnection(
            path: path, busyTimeout: configuration.lockTimeout, busyPoll: configuration.busyPollInterval)
    }

    /// Runs `body` again while it fails with SQLITE_BUSY, until `deadline`.
    private static func retryingBusy(until deadline: ContinuousClock.Instant, _ body: () throws -> Void) throws {
        while true {
            do {
                return try body()
            } catch let error as SQLiteError where error.isBusy && ContinuousClock.now < deadline {
                SQLiteBusyWait.sleep(.milliseconds(1))
            }
        }
    }

    /// Brings the schema up to date. The version is checked again under the write lock: scimd
    /// and scimctl may open a new file at the same moment, and the one that waited must see
    /// the other's migrations rather than run them a second time.
    private static func migrate(_ db: SQLiteConnection) throws {
        let migrations = SQLiteMigrations.all
        func version() throws -> Int {
            let current = Int(try db.row("PRAGMA user_version")?.int(0) ?? 0)
            if current > migrations.count {
                throw StoreError.unavailable(
                    "the database schema version \(current) is newer than this scimd (\(migrations.count)); upgrade scimd")
            }
            return current
        }
        // Up to date (every open but the first): no need for the write lock.
        guard try version() < migrations.count else { return }
        try db.execute("BEGIN IMMEDIATE")
        do {
            let current = try version()
            if current < migrations.count {
                for version in current..<migrations.count {
                    try db.execute(migrations[version])
                }
                try db.execute("PRAGMA user_version = \(migrations.count)")
            }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    public func read<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
        if let enclosing = enclosingWrite() {
            do {
                return try await enclosing.read(body)
            } catch {
                throw Self.translate(error)
            }
        }
        return try await withTaskExecutorPreference(readerThreads) {
            let connection = try checkOutReader()
            defer { checkIn(connection) }
            // Cached statements: sqlite3_exec would re-parse BEGIN/COMMIT on every read.
            do {
                try connection.run("BEGIN")
            } catch {
                throw Self.translate(error)
            }
            do {
                let result = try await body(
                    SQLTransaction(
                        session: SQLiteSession(connection: connection), writable: false, pagePositions: pagePositions,
                        derived: configuration.derivedAttributes))
                try connection.run("COMMIT")
                return result
            } catch {
                try? connection.execute("ROLLBACK")
                throw Self.translate(error)
            }
        }
    }

    public func write<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
        if let enclosing = enclosingWrite() {
            do {
                return try await enclosing.nested(body)
            } catch {
                throw Self.translate(error)
            }
        }
        let transaction = SQLTransaction(
            session: SQLiteSession(connection: writer.connection), writable: true, pagePositions: pagePositions,
            derived: configuration.derivedAttributes)
        let enclosing = EnclosingWrite(store: ObjectIdentifier(self), transaction: transaction)
        let result: T
        do {
            result = try await writer.perform(.transaction) { _ in
                defer { enclosing.close() }
                return try await EnclosingWrite.$current.withValue(enclosing) { try await body(transaction) }
            }
        } catch {
            throw Self.translate(error)
        }
        if transaction.effects.deletedResources { pagePositions.invalidate() }
        StoreMetrics.committed(logStatuses: transaction.effects.loggedStatuses)
        return result
    }

    /// The write transaction this task is inside on this store, if its body is still running.
    private func enclosingWrite() -> EnclosingWrite? {
        guard let enclosing = EnclosingWrite.current, enclosing.store == ObjectIdentifier(self), enclosing.isOpen else { return nil }
        return enclosing
    }

    /// Merges the WAL into the main file; called on shutdown.
    public func checkpoint() async {
        _ = try? await writer.perform(.maintenance) { try $0.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    public func health() async -> StoreHealth {
        let expected = SQLiteMigrations.all.count
        do {
            let version = try await withTaskExecutorPreference(readerThreads) { () throws -> Int in
                let connection = try checkOutReader()
                defer { checkIn(connection) }
                return Int(try connection.row("PRAGMA user_version")?.int(0) ?? 0)
            }
            return StoreHealth(schemaVersion: version, expectedSchemaVersion: expected, writerBusyFor: writer.busyFor)
        } catch {
            return StoreHealth(
                schemaVersion: nil, expectedSchemaVersion: expected, writerBusyFor: writer.busyFor, error: "\(Self.translate(error))")
        }
    }

    public func backup(to target: String) async throws {
        guard !FileManager.default.fileExists(atPath: target) else {
            throw StoreError.unavailable("'\(target)' exists; give a new file name for the backup.")
        }
        try await withTaskExecutorPreference(readerThreads) {
            // A connection of its own: the pooled readers are query_only, and VACUUM INTO writes.
            // It reads one snapshot (WAL), so writers go on meanwhile (sqlite.org/lang_vacuum.html#vacuuminto).
            do {
                let connection = try Self.connect(path, configuration)
                _ = try connection.run("VACUUM INTO ?1", [.text(target)])
            } catch {
                throw Self.translate(error)
            }
        }
    }

    private func checkOutReader() throws -> SQLiteConnection {
        if let pooled = readers.withLock({ $0.popLast() }) { return pooled }
        do {
            let connection = try Self.connect(path, configuration)
            try connection.execute("PRAGMA query_only = ON")
            return connection
        } catch {
            throw Self.translate(error)
        }
    }

    private func checkIn(_ connection: SQLiteConnection) {
        readers.withLock { pool in
            if pool.count < configuration.maxIdleReaders { pool.append(connection) }
        }
    }

    static func translate(_ error: any Error) -> any Error {
        guard let sqlite = error as? SQLiteError else { return error }
        if sqlite.isBusy { return StoreError.busy }
        return StoreError.internalError(sqlite.description)
    }
}
