import SCIM

extension SQLTransaction: SyncLogStore {
    package func appendLog(_ entry: SyncLogEntry) async throws -> Int64 {
        let seq = try await insert(
            insertLogSQL,
            [
                .integer(entry.tenantID), .integer(entry.timeMs), text(entry.correlationID), text(entry.client),
                text(entry.sourceAddress), .text(entry.operation), text(entry.resourceType), text(entry.resourceID),
                text(entry.resourceName), text(entry.externalID), .text(entry.status.rawValue), text(entry.errorCode),
                .text(entry.message), text(entry.changes?.jsonString), text(entry.details?.jsonString),
            ])
        effects.loggedStatuses.append(entry.status)
        return seq
    }

    private func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }

    package func logEntries(_ query: SyncLogQuery) async throws -> [SyncLogEntry] {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        // Binds `value` and returns its numbered parameter, so a value used twice is bound once.
        func parameter(_ value: SQLValue) -> String {
            arguments.append(value)
            return "?\(arguments.count)"
        }
        if let tenantID = query.tenantID {
            conditions.append("tenant_id = \(parameter(.integer(tenantID)))")
        }
        if let since = query.sinceMs {
            conditions.append("time_ms >= \(parameter(.integer(since)))")
        }
        if let until = query.untilMs {
            conditions.append("time_ms <= \(parameter(.integer(until)))")
        }
        if let after = query.afterSeq {
            conditions.append("seq > \(parameter(.integer(after)))")
        }
        if let before = query.beforeSeq {
            conditions.append("seq < \(parameter(.integer(before)))")
        }
        if !query.statuses.isEmpty {
            conditions.append("status IN (\(query.statuses.map { parameter(.text($0.rawValue)) }.joined(separator: ", ")))")
        }
        if let id = query.resourceID {
            conditions.append("resource_id = \(parameter(.text(id)))")
        }
        if let name = query.resourceName {
            let p = parameter(.text(name))
            conditions.append("(\(dialect.equalIgnoringCase("resource_name", p)) OR external_id = \(p) OR resource_id = \(p))")
        }
        if let type = query.resourceType {
            conditions.append("resource_type = \(parameter(.text(type)))")
        }
        if let operation = query.operation {
            conditions.append(dialect.equalIgnoringCase("operation", parameter(.text(operation))))
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // Following (afterSeq) reads oldest first so entries print in the order they happened.
        let order = query.afterSeq == nil ? "DESC" : "ASC"
        let limit = parameter(.integer(Int64(max(0, query.limit))))
        let sql = "SELECT \(syncLogColumns) FROM sync_log \(whereClause) ORDER BY seq \(order) LIMIT \(limit)"
        return try await session.rows(sql, arguments).map { row in
            try SyncLogEntry(
                seq: row.int(0), tenantID: row.int(1), timeMs: row.int(2), correlationID: row.optionalString(3),
                client: row.optionalString(4), sourceAddress: row.optionalString(5), operation: row.string(6),
                resourceType: row.optionalString(7), resourceID: row.optionalString(8), resourceName: row.optionalString(9),
                externalID: row.optionalString(10), status: SyncStatus(rawValue: row.string(11)) ?? .failure,
                errorCode: row.optionalString(12), message: row.string(13),
                changes: try row.optionalString(14).flatMap { try? SCIMValue(parsing: $0) },
                details: try row.optionalString(15).flatMap { try? SCIMValue(parsing: $0) })
        }
    }

    package func pruneLog(beforeMs: Int64, limit: Int) async throws -> Int {
        try await change(
            // sync_log_by_age (migration 4) serves the range: no scan of the whole log inside the write.
            "DELETE FROM sync_log WHERE seq IN (SELECT seq FROM sync_log WHERE time_ms < ?1 ORDER BY time_ms, seq LIMIT ?2)",
            [.integer(beforeMs), .integer(Int64(limit))])
    }
}

private let syncLogColumns = """
    seq, tenant_id, time_ms, correlation_id, client, source_address, operation, resource_type, resource_id,
    resource_name, external_id, status, error_code, message, changes, details
    """

/// Built once: Foundation's `replacingOccurrences` cost ~97,000 instructions, 6 % of a
/// create, when it ran for every entry (docs/performance.md, callgrind). The same text in
/// both dialects.
private let insertLogSQL =
    "INSERT INTO sync_log(\(syncLogColumns.replacingOccurrences(of: "seq, ", with: "")))"
    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING seq"
