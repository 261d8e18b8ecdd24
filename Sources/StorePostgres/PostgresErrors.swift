import PostgresNIO
import Store

/// What a PostgreSQL failure means to the service layer, by SQLSTATE (PostgreSQL manual,
/// appendix A "Error Codes").
enum PostgresErrors {
    /// `unique_violation`.
    static let uniqueViolation = "23505"
    /// `serialization_failure`, `deadlock_detected`, `lock_not_available` (lock_timeout),
    /// `query_canceled` (statement_timeout): the transaction was rolled back whole; the caller
    /// may try again, so they are `StoreError.busy` (503 with Retry-After).
    static let transient: Set<String> = ["40001", "40P01", "55P03", "57014"]
    /// Class 08 (connection exception), 57P01-57P03 (admin shutdown, crash shutdown, cannot
    /// connect now: a failover or restart).
    static func isUnavailable(_ state: String) -> Bool {
        state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func storeError(_ error: any Error, duplicateField: String?) -> any Error {
        if error is StoreError { return error }
        guard let psql = error as? PSQLError else { return StoreError.unavailable("PostgreSQL: \(error)") }
        if let state = psql.serverInfo?[.sqlState] {
            if state == uniqueViolation, let duplicateField { return StoreError.duplicate(field: duplicateField) }
            if transient.contains(state) { return StoreError.busy }
            if isUnavailable(state) { return StoreError.unavailable("PostgreSQL is unavailable (\(state))") }
            let message = psql.serverInfo?[.message] ?? "error"
            return StoreError.internalError("PostgreSQL \(state): \(message)")
        }
        // No server answer: the connection failed, closed or timed out.
        return StoreError.unavailable("PostgreSQL connection failed: \(psql.code)")
    }
}
