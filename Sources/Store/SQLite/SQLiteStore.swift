import CSQLite
import Foundation
import Logging
import SCIM
import Synchronization

/// The embedded store: one SQLite file in WAL mode, one writer connection behind an async
/// lock, and a pool of reader connections that never wait for the writer.
public final class SQLiteStore: ProvisioningStore {
    public let path: String
    private let writer: SQLiteConnection
    private let writeLock = AsyncLock()
    private let readers = Mutex<[SQLiteConnection]>([])
    private let maxIdleReaders: Int
    private let pagePositions = PagePositions()

    /// Opens (creating if missing) the database at `path` and brings its schema up to date.
    public init(path: String, maxIdleReaders: Int = 16) throws {
        self.path = path
        self.maxIdleReaders = maxIdleReaders
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.unavailable("cannot create directory \(directory): \(error.localizedDescription)")
            }
        }
        do {
            writer = try SQLiteConnection(path: path)
            try writer.execute("PRAGMA journal_mode = WAL")
            // synchronous=NORMAL fsyncs only at checkpoints; checkpointing every 10,000 pages
            // (~40 MB of WAL) instead of 1,000 cut that cost by 17-73% in scripts/sqlite-commit-rate.py.
            // A killed process still loses nothing committed (docs/performance.md).
            try writer.execute("PRAGMA wal_autocheckpoint = 10000")
            try Self.migrate(writer)
        } catch let error as SQLiteError {
            throw StoreError.unavailable("cannot open database \(path): \(error.message)")
        }
    }

    private static func migrate(_ db: SQLiteConnection) throws {
        let current = Int(try db.row("PRAGMA user_version")?.int(0) ?? 0)
        let migrations = SQLiteMigrations.all
        if current > migrations.count {
            throw StoreError.unavailable(
                "the database schema version \(current) is newer than this scimd (\(migrations.count)); upgrade scimd")
        }
        guard current < migrations.count else { return }
        try db.execute("BEGIN IMMEDIATE")
        do {
            for version in current..<migrations.count {
                try db.execute(migrations[version])
            }
            try db.execute("PRAGMA user_version = \(migrations.count)")
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    public func read<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
        let connection = try checkOutReader()
        defer { checkIn(connection) }
        // Cached statements: sqlite3_exec would re-parse BEGIN/COMMIT on every read.
        try connection.run("BEGIN")
        do {
            let result = try await body(SQLiteTransaction(connection: connection, writable: false, pagePositions: pagePositions))
            try connection.run("COMMIT")
            return result
        } catch {
            try? connection.execute("ROLLBACK")
            throw Self.translate(error)
        }
    }

    public func write<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
        await writeLock.lock()
        defer { writeLock.unlock() }
        do {
            try writer.run("BEGIN IMMEDIATE")
        } catch {
            throw Self.translate(error)
        }
        do {
            let transaction = SQLiteTransaction(connection: writer, writable: true, pagePositions: pagePositions)
            let result = try await body(transaction)
            try writer.run("COMMIT")
            if transaction.effects.deletedResources { pagePositions.invalidate() }
            return result
        } catch {
            try? writer.execute("ROLLBACK")
            throw Self.translate(error)
        }
    }

    /// Merges the WAL into the main file; called on shutdown.
    public func checkpoint() async {
        await writeLock.withLock {
            try? writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    private func checkOutReader() throws -> SQLiteConnection {
        if let pooled = readers.withLock({ $0.popLast() }) { return pooled }
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute("PRAGMA query_only = ON")
            return connection
        } catch {
            throw Self.translate(error)
        }
    }

    private func checkIn(_ connection: SQLiteConnection) {
        readers.withLock { pool in
            if pool.count < maxIdleReaders { pool.append(connection) }
        }
    }

    static func translate(_ error: any Error) -> any Error {
        guard let sqlite = error as? SQLiteError else { return error }
        if sqlite.isBusy { return StoreError.busy }
        return StoreError.internalError(sqlite.description)
    }
}
