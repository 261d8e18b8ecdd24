/// The SQLite side of `SQLSession`: the store protocols' SQL run on one `SQLiteConnection`.
/// The connection's calls are synchronous (the store runs them on its own threads,
/// `SQLiteThreads`), so these never suspend.
package struct SQLiteSession: SQLSession {
    let connection: SQLiteConnection

    package var dialect: SQLDialect { .sqlite }

    package func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLiteRow] {
        do {
            return try connection.rows(sql, arguments)
        } catch let error as SQLiteError where error.isComplexityLimit {
            throw Self.tooComplex
        }
    }

    package func row(_ sql: String, _ arguments: [SQLValue]) throws -> SQLiteRow? {
        do {
            return try connection.row(sql, arguments)
        } catch let error as SQLiteError where error.isComplexityLimit {
            throw Self.tooComplex
        }
    }

    @discardableResult
    package func run(_ sql: String, _ arguments: [SQLValue], duplicateField: String?) throws -> Int {
        do {
            return try connection.run(sql, arguments)
        } catch let error as SQLiteError where error.isUniqueViolation {
            guard let duplicateField else { throw error }
            throw StoreError.duplicate(field: duplicateField)
        }
    }

    package func insert(_ sql: String, _ arguments: [SQLValue], duplicateField: String?) throws -> Int64 {
        let row: SQLiteRow?
        do {
            row = try connection.row(sql, arguments)
        } catch let error as SQLiteError where error.isUniqueViolation {
            guard let duplicateField else { throw error }
            throw StoreError.duplicate(field: duplicateField)
        }
        guard let row, case .integer(let id) = row.values.first else {
            throw StoreError.internalError("an INSERT … RETURNING returned no row number")
        }
        return id
    }

    /// Only a query compiled from a filter grows with its input: the compiler flattens chains and
    /// orders groups so that every filter the parser accepts fits SQLite's limits; should one
    /// still not, the client hears why instead of a 500.
    private static let tooComplex = QueryError.invalidFilter("The filter is too complex; split it into several requests")
}

extension SQLiteError {
    /// SQLite refused a statement for its size: parser stack, expression depth or compound terms.
    var isComplexityLimit: Bool {
        message.contains("parser stack overflow") || message.contains("Expression tree is too large")
            || message.contains("too many terms")
    }
}
