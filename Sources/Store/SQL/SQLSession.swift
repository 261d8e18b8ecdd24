/// One database connection inside one transaction, as the store protocols' SQL needs it: the
/// part of a store that differs between SQLite and PostgreSQL at run time. Everything above it
/// (`SQLTransaction` and its extensions, one per store protocol) is written once.
///
/// SQL is written with numbered parameters `?1`, `?2`, … (SQLite's syntax); the number is the
/// argument's position in `arguments`. A PostgreSQL session rewrites them to `$1`, `$2`. The
/// few constructs the two dialects spell differently come from `SQLDialect`.
package protocol SQLSession: Sendable {
    associatedtype Row: SQLRow

    var dialect: SQLDialect { get }

    /// Every row of a query.
    func rows(_ sql: String, _ arguments: [SQLValue]) async throws -> [Row]
    /// The first row of a query, or nil.
    func row(_ sql: String, _ arguments: [SQLValue]) async throws -> Row?
    /// Runs a statement; answers how many rows it inserted, updated or deleted. A unique-index
    /// violation throws `StoreError.duplicate(field: duplicateField)` when `duplicateField` is
    /// given.
    @discardableResult
    func run(_ sql: String, _ arguments: [SQLValue], duplicateField: String?) async throws -> Int
    /// Runs an `INSERT … RETURNING <one integer column>` and answers that value: the new row's
    /// number, in both databases (where SQLite alone had `last_insert_rowid()`). Unique-index
    /// violations as in `run`.
    func insert(_ sql: String, _ arguments: [SQLValue], duplicateField: String?) async throws -> Int64
}

extension SQLSession {
    package func rows(_ sql: String) async throws -> [Row] { try await rows(sql, []) }
    package func row(_ sql: String) async throws -> Row? { try await row(sql, []) }
    @discardableResult
    package func run(_ sql: String, _ arguments: [SQLValue] = []) async throws -> Int {
        try await run(sql, arguments, duplicateField: nil)
    }
}

/// A result row, read by column position.
package protocol SQLRow {
    func int(_ column: Int) throws -> Int64
    func optionalInt(_ column: Int) throws -> Int64?
    func string(_ column: Int) throws -> String
    func optionalString(_ column: Int) throws -> String?
    /// The column as it came, whatever its type: a keyset page's sort key, bound again for the
    /// next page (RFC 9865 cursors).
    func value(_ column: Int) throws -> SQLValue
}
