import SCIM

/// Hands over each statement a query would run, with its arguments, instead of running it: how
/// a store shows its query plans to the tests (SQLite's `EXPLAIN QUERY PLAN`).
typealias QueryStatementObserver = (_ sql: String, _ arguments: [SQLValue]) throws -> Void

extension SQLTransaction {
    package func query(tenantID: Int64, type: String, _ query: ResourceQuery, schema: ResourceSchema) async throws -> ResourcePage {
        // A filter too large for the database's parser is a QueryError from the session, so the
        // client hears why instead of a 500.
        try await runQuery(tenantID: tenantID, type: type, query, schema: schema, observer: nil)
    }

    /// Runs `sql`, or with an `observer` only hands it over (returning no rows).
    func fetch(_ sql: String, _ arguments: [SQLValue], observer: QueryStatementObserver?) async throws -> [Session.Row] {
        guard let observer else { return try await session.rows(sql, arguments) }
        try observer(sql, arguments)
        return []
    }

    func runQuery(
        tenantID: Int64, type: String, _ query: ResourceQuery, schema: ResourceSchema, observer: QueryStatementObserver?
    ) async throws -> ResourcePage {
        // Taken before the first read of this query: see PagePositions.
        let generation = pagePositions?.generation ?? 0
        var compiler = FilterSQLCompiler(tenantID: tenantID, type: type, schema: schema, derived: derived, dialect: dialect)
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
                try await fetch(
                    "SELECT count FROM resource_counts WHERE tenant_id = ?1 AND type = ?2", conditionArguments, observer: observer
                ).first?.int(0) ?? 0)
        } else {
            total = Int(
                try await fetch("SELECT count(*) FROM resources r WHERE \(conditions)", conditionArguments, observer: observer)
                    .first?.int(0) ?? 0)
        }
        let count = max(0, query.count)
        guard count > 0 else { return ResourcePage(totalResults: total, records: []) }
        if query.paging != .index {
            return try await keysetPage(
                &compiler, conditions: conditions, query, count: count, total: total, observer: observer)
        }
        let limit = compiler.bind(.integer(Int64(count)))
        var order = "r.seq"
        if let sortBy = query.sortBy {
            order = Self.sortOrder(try compiler.sortExpression(sortBy), descending: query.descending)
            let offset = compiler.bind(.integer(Int64(max(0, query.startIndex - 1))))
            let sql =
                "SELECT \(Self.resourceColumns) FROM resources r WHERE \(conditions) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)"
            return ResourcePage(
                totalResults: total, records: try await fetch(sql, compiler.arguments, observer: observer).map(Self.resource))
        }
        // Sequential paging: the previous page recorded where this one starts.
        if query.filter == nil, query.startIndex > 1,
            let after = pagePositions?.seq(before: query.startIndex, tenantID: tenantID, type: type)
        {
            let seq = compiler.bind(.integer(after))
            let sql =
                "SELECT \(Self.resourceColumns) FROM resources r WHERE \(conditions) AND r.seq > \(seq) ORDER BY r.seq LIMIT \(limit)"
            let records = try await fetch(sql, compiler.arguments, observer: observer).map(Self.resource)
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
        let records = try await fetch(sql, compiler.arguments, observer: observer).map(Self.resource)
        if query.filter == nil {
            rememberEnd(of: records, startIndex: query.startIndex, tenantID: tenantID, type: type, generation: generation)
        }
        return ResourcePage(totalResults: total, records: records)
    }

    /// Records where this page and the one after it begin. No row has a `seq` between this page's
    /// predecessor and its first row (rows are appended in `seq` order), so `first - 1` marks its start.
    private func rememberEnd(of records: [ResourceRecord], startIndex: Int, tenantID: Int64, type: String, generation: Int) {
        guard let pagePositions, let first = records.first, let last = records.last else { return }
        pagePositions.record(first.seq - 1, before: startIndex, tenantID: tenantID, type: type, generation: generation)
        pagePositions.record(last.seq, before: startIndex + records.count, tenantID: tenantID, type: type, generation: generation)
    }
}
