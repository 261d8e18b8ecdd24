import CSQLite
import Foundation
import SCIM

/// One connection with a cache of prepared statements. Unchecked `Sendable`: the store hands
/// each connection to one task at a time (the writer to the write whose turn it is, readers
/// from the pool), on the store's own threads (`SQLiteThreads`).
final class SQLiteConnection: @unchecked Sendable {
    let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// The busy handler's state; outlives `handle` (stored properties are released after deinit).
    private let busyWait: SQLiteBusyWait

    /// Opens `path`; while another connection holds a lock, statements retry every `busyPoll`
    /// for up to `busyTimeout` before failing with SQLITE_BUSY.
    init(path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(5), busyPoll: Duration = .milliseconds(1))
        throws
    {
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "\(message) (\(path))")
        }
        handle = db
        busyWait = SQLiteBusyWait(timeout: busyTimeout, poll: busyPoll)
        sqlite3_extended_result_codes(db, 1)
        // Another process (scimctl next to the server) may hold the write lock briefly.
        busyWait.install(on: db)
        try registerFunctions()
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA synchronous = NORMAL")
    }

    /// When set, a wait for another connection's lock ends here rather than after the timeout.
    var busyDeadline: ContinuousClock.Instant? {
        get { busyWait.deadline }
        set { busyWait.deadline = newValue }
    }

    /// Whether a transaction is open. SQLite rolls one back by itself after some errors
    /// (sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction"); a SAVEPOINT
    /// issued then would start a new transaction of its own, and its RELEASE would commit it.
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL that returns no rows (may hold several statements).
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "error"
            sqlite3_free(error)
            throw SQLiteError(code: rc, message: message)
        }
    }

    /// A prepared statement for `sql`, reused across calls (reset and unbound).
    func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(connection: self, sql: sql)
        // Dynamic SQL from filters varies; keep the cache bounded.
        if statements.count > 512 { statements.removeAll() }
        statements[sql] = statement
        return statement
    }

    /// Runs a statement and returns every row.
    func rows(_ sql: String, _ arguments: [SQLValue] = []) throws -> [SQLiteRow] {
        let stmt = try statement(sql)
        try stmt.bind(arguments)
        var result: [SQLiteRow] = []
        while try stmt.step() { result.append(stmt.row()) }
        return result
    }

    /// Runs a statement and returns the first row, if any.
    func row(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLiteRow? {
        let stmt = try statement(sql)
        try stmt.bind(arguments)
        defer { stmt.reset() }
        return try stmt.step() ? stmt.row() : nil
    }

    /// Runs a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    func run(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int {
        let stmt = try statement(sql)
        try stmt.bind(arguments)
        while try stmt.step() {}
        stmt.reset()
        return Int(sqlite3_changes(handle))
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func lastError(_ rc: Int32) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)))
    }

    // `scim_fold(text)` lets SQL fold JSON values the same way Swift folds filter operands.
    private func registerFunctions() throws {
        let rc = sqlite3_create_function_v2(
            handle, "scim_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, _, args in
                guard let args, let arg = args[0], sqlite3_value_type(arg) == SQLITE_TEXT,
                    let text = sqlite3_value_text(arg)
                else {
                    if let arg = args?[0] { sqlite3_result_value(context, arg) } else { sqlite3_result_null(context) }
                    return
                }
                // By byte count, never up to a NUL: "alice\u{0}zzz" must not fold to "alice".
                let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(arg)))
                let folded = caseFold(String(decoding: bytes, as: UTF8.self))
                // withCString passes the whole UTF-8 (interior NULs included); the length bounds it.
                folded.withCString {
                    sqlite3_result_text64(context, $0, UInt64(folded.utf8.count), csqlite_transient, UInt8(SQLITE_UTF8))
                }
            }, nil, nil, nil)
        if rc != SQLITE_OK { throw lastError(rc) }
    }
}
