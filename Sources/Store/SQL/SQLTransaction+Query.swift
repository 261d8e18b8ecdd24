import SCIM

extension SQLiteTransaction {
    func query(tenantID: Int64, type: String, _ query: ResourceQuery, schema: ResourceSchema) async throws -> ResourcePage {
        do {
            return try runQuery(tenantID: tenantID, type: type, query, schema: schema, plans: nil)
        } catch let error as SQLiteError where error.isComplexityLimit {
            // The compiler flattens chains and orders groups so that every filter the parser accepts
            // fits SQLite's limits; should one still not, the client hears why instead of a 500.
            throw QueryError.invalidFilter("The filter is too complex; split it into several requests")
        }
    }

    /// The `EXPLAIN QUERY PLAN` lines of every statement `query` runs, in order, one string per
    /// statement (its plan rows' details joined by "; "). Tests pin index use with it.
    func queryPlans(tenantID: Int64, type: String, _ query: ResourceQuery, schema: ResourceSchema) throws -> [String] {
        let plans = QueryPlans()
        _ = try runQuery(tenantID: tenantID, type: type, query, schema: schema, plans: plans)
        return plans.statements
    }

    /// Runs `sql`, or with `plans` only explains it (returning no rows).
    func fetch(_ sql: String, _ arguments: [SQLValue], plans: QueryPlans?) throws -> [SQLiteRow] {
        guard let plans else { return try connection.rows(sql, arguments) }
        let details = try connection.rows("EXPLAIN QUERY PLAN " + sql, arguments).map { $0.string(3) }
        plans.statements.append(details.joined(separator: "; "))
        return []
    }

    private func runQuery(
        tenantID: Int64, type: String, _ query: ResourceQuery, schema: ResourceSchema, plans: QueryPlans?
    ) throws -> ResourcePage {
        // Taken before the first read of this query: see PagePositions.
        let generation = pagePositions.generation
        var compiler = FilterSQLCompiler(tenantID: tenantID, type: type, schema: schema, derived: derived)
        var conditions = "r.tenant_id = \(compiler.bind(.integer(tenantID))) AND r.type = \(compiler.bind(.text(type)))"
        if let filter = query.filter {
            conditions += " AND " + (try compiler.compile(filter))
        }
        // Every parameter is numbered and `conditions` uses exactly these: the count needs no more.
        let conditionArguments = compiler.arguments
        let total: Int
        if query.filter == nil {
            // Kept by triggers (migration 3): O(1) where count(*) reads every index entry of the type.
            total = Int(
                try fetch(
                    "SELECT count FROM resource_counts WHERE tenant_id = ?1 AND type = ?2", conditionArguments, plans: plans
                ).first?.int(0) ?? 0)
        } else {
            total = Int(
                try fetch("SELECT count(*) FROM resources r WHERE \(conditions)", conditionArguments, plans: plans).first?.int(0)
                    ?? 0)
        }
        let count = max(0, query.count)
        guard count > 0 else { return ResourcePage(totalResults: total, records: []) }
        if query.paging != .index {
            return try keysetPage(
                &compiler, conditions: conditions, query, count: count, total: total, plans: plans)
        }
        let limit = compiler.bind(.integer(Int64(count)))
        var order = "r.seq"
        if let sortBy = query.sortBy {
            order = Self.sortOrder(try compiler.sortExpression(sortBy), descending: query.descending)
            let offset = compiler.bind(.integer(Int64(max(0, query.startIndex - 1))))
            let sql =
                "SELECT \(Self.resourceColumns) FROM resources r WHERE \(conditions) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)"
            return ResourcePage(totalResults: total, records: try fetch(sql, compiler.arguments, plans: plans).map(Self.resource))
        }
        // Sequential paging: the previous page recorded where this one starts.
        if query.filter == nil, query.startIndex > 1,
            let after = pagePositions.seq(before: query.startIndex, tenantID: tenantID, type: type)
        {
            let seq = compiler.bind(.integer(after))
            let sql =
                "SELECT \(Self.resourceColumns) FROM resources r WHERE \(conditions) AND r.seq > \(seq) ORDER BY r.seq LIMIT \(limit)"
            let records = try fetch(sql, compiler.arguments, plans: plans).map(Self.resource)
            rememberEnd(of: records, startIndex: query.startIndex, tenantID: tenantID, type: type, generation: generation)
            return ResourcePage(totalResults: total, records: records)
        }
        // The page's seqs first, from the index alone (OFFSET skips index entries, never rows),
        // then only those rows are read.
        let offset = compiler.bind(.integer(Int64(max(0, query.startIndex - 1))))
        let sql = """
            SELECT \(Self.resourceColumns) FROM resources r WHERE r.seq IN (
                SELECT r.seq FROM resources r WHERE \(conditions) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)
            ) ORDER BY r.seq
            """
        let records = try fetch(sql, compiler.arguments, plans: plans).map(Self.resource)
        if query.filter == nil {
            rememberEnd(of: records, startIndex: query.startIndex, tenantID: tenantID, type: type, generation: generation)
        }
        return ResourcePage(totalResults: total, records: records)
    }

    /// Records where this page and the one after it begin. No row has a `seq` between this page's
    /// predecessor and its first row (rows are appended in `seq` order), so `first - 1` marks its start.
    private func rememberEnd(of records: [ResourceRecord], startIndex: Int, tenantID: Int64, type: String, generation: Int) {
        guard let first = records.first, let last = records.last else { return }
        pagePositions.record(first.seq - 1, before: startIndex, tenantID: tenantID, type: type, generation: generation)
        pagePositions.record(last.seq, before: startIndex + records.count, tenantID: tenantID, type: type, generation: generation)
    }
}

/// Collects `EXPLAIN QUERY PLAN` output instead of running a query's statements.
final class QueryPlans {
    var statements: [String] = []
}

extension SQLiteError {
    /// SQLite refused a statement for its size: parser stack, expression depth or compound terms.
    var isComplexityLimit: Bool {
        message.contains("parser stack overflow") || message.contains("Expression tree is too large")
            || message.contains("too many terms")
    }
}
