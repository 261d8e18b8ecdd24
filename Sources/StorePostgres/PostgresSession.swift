import Logging
import PostgresNIO
import Store

/// The store's SQL on one pooled PostgreSQL connection, inside the transaction
/// `PostgresStore` opened on it.
///
/// Store SQL numbers its parameters `?1`, `?2` (`SQLSession`); PostgreSQL's are `$1`, `$2`,
/// rewritten here outside string literals. Arguments bind with their types (bigint, text,
/// double precision; NULL untyped), which PostgreSQL checks against the columns.
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger

    var dialect: SQLDialect { .postgres }

    func rows(_ sql: String, _ arguments: [SQLValue]) async throws -> [PostgresRowValues] {
        try await result(sql, arguments, duplicateField: nil).rows.map(PostgresRowValues.init)
    }

    func row(_ sql: String, _ arguments: [SQLValue]) async throws -> PostgresRowValues? {
        try await result(sql, arguments, duplicateField: nil).rows.first.map(PostgresRowValues.init)
    }

    @discardableResult
    func run(_ sql: String, _ arguments: [SQLValue], duplicateField: String?) async throws -> Int {
        try await result(sql, arguments, duplicateField: duplicateField).metadata.rows ?? 0
    }

    func insert(_ sql: String, _ arguments: [SQLValue], duplicateField: String?) async throws -> Int64 {
        guard let row = try await result(sql, arguments, duplicateField: duplicateField).rows.first else {
            throw StoreError.internalError("INSERT … RETURNING returned no row")
        }
        return try PostgresRowValues(row).int(0)
    }

    /// Runs a statement that is not store SQL (BEGIN, SET LOCAL, advisory locks).
    func execute(_ sql: String) async throws {
        _ = try await result(sql, [], duplicateField: nil)
    }

    private func result(_ sql: String, _ arguments: [SQLValue], duplicateField: String?) async throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: bindings.appendNull()
            case .integer(let value): bindings.append(value)
            case .real(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.postgresParameters(sql), binds: bindings)
        let connection = connection
        let logger = logger
        // A connection the server closed (failover, restart, pg_terminate_backend) would take
        // the query and never answer it (postgres-nio 1.33): refuse it instead. The check and
        // the send run together on the connection's event loop, where the channel closes, so
        // no close slips in between; a close after the send fails the query in the driver.
        let answer = connection.eventLoop.flatSubmit { () -> EventLoopFuture<PostgresQueryResult> in
            if connection.isClosed { return connection.eventLoop.makeFailedFuture(ConnectionClosed()) }
            return connection.query(query, logger: logger)
        }
        do {
            return try await answer.get()
        } catch is ConnectionClosed {
            throw StoreError.unavailable("the PostgreSQL connection was closed by the server")
        } catch {
            throw PostgresErrors.storeError(error, duplicateField: duplicateField)
        }
    }

    /// `?N` → `$N` outside single-quoted literals and double-quoted identifiers (store SQL has
    /// no `?` of its own elsewhere: no jsonb `?` operators).
    static func postgresParameters(_ sql: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(sql.utf8.count)
        var inLiteral: UInt8? = nil
        for byte in sql.utf8 {
            if let quote = inLiteral {
                if byte == quote { inLiteral = nil }
                out.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                inLiteral = byte
                out.append(byte)
            case UInt8(ascii: "?"):
                out.append(UInt8(ascii: "$"))
            default:
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension PostgresRowValues: SQLRow {}

/// The connection was closed before the query could be sent.
private struct ConnectionClosed: Error {}
