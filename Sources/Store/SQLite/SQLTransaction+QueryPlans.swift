import SCIM

/// SQLite's query plans, for the tests that pin index use.
extension SQLTransaction where Session == SQLiteSession {
    /// The `EXPLAIN QUERY PLAN` lines of every statement `query` runs, in order, one string per
    /// statement (its plan rows' details joined by "; "). Tests pin index use with it.
    func queryPlans(tenantID: Int64, type: String, _ query: ResourceQuery, schema: ResourceSchema) async throws -> [String] {
        let plans = QueryPlans()
        let connection = session.connection
        _ = try await runQuery(tenantID: tenantID, type: type, query, schema: schema) { sql, arguments in
            let details = try connection.rows("EXPLAIN QUERY PLAN " + sql, arguments).map { $0.string(3) }
            plans.statements.append(details.joined(separator: "; "))
        }
        return plans.statements
    }
}

/// Collects `EXPLAIN QUERY PLAN` output instead of running a query's statements.
final class QueryPlans {
    var statements: [String] = []
}
