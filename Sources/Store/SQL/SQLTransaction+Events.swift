import SCIM

extension SQLTransaction: EventStore {
    private static var eventColumns: String {
        "seq, tenant_id, id, type, time_ms, correlation_id, resource_type, resource_id, data"
    }

    package func appendEvent(_ event: EventRecord) async throws -> EventRecord {
        let seq = try await insert(
            "INSERT INTO events(tenant_id, id, type, time_ms, correlation_id, resource_type, resource_id, data)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING seq",
            [
                .integer(event.tenantID), .text(event.id), .text(event.type), .integer(event.timeMs),
                optional(event.correlationID), optional(event.resourceType), optional(event.resourceID),
                .text(event.data.jsonString),
            ],
            duplicateField: "event id")
        var stored = event
        stored.seq = seq
        return stored
    }

    private func optional(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }

    package func events(tenantID: Int64, after: Int64, limit: Int, types: [String]) async throws -> [EventRecord] {
        var arguments: [SQLValue] = [.integer(tenantID), .integer(after), .integer(Int64(max(0, limit)))]
        var typeCondition = ""
        if !types.isEmpty {
            let placeholders = types.map { type -> String in
                arguments.append(.text(type))
                return "?\(arguments.count)"
            }
            // events_by_type (tenant_id, type, seq) serves a feed of a few types.
            typeCondition = " AND type IN (\(placeholders.joined(separator: ", ")))"
        }
        let sql = "SELECT \(Self.eventColumns) FROM events WHERE tenant_id = ?1 AND seq > ?2\(typeCondition) ORDER BY seq LIMIT ?3"
        return try await session.rows(sql, arguments).map { row in
            try EventRecord(
                seq: row.int(0), tenantID: row.int(1), id: row.string(2), type: row.string(3), timeMs: row.int(4),
                correlationID: row.optionalString(5), resourceType: row.optionalString(6), resourceID: row.optionalString(7),
                data: (try? SCIMValue(parsing: try row.string(8))) ?? .object(SCIMObject()))
        }
    }

    package func latestEventSeq(tenantID: Int64) async throws -> Int64 {
        try await session.row("SELECT max(seq) FROM events WHERE tenant_id = ?1", [.integer(tenantID)])?.optionalInt(0) ?? 0
    }

    package func pruneEvents(beforeMs: Int64, limit: Int) async throws -> Int {
        try await change(
            // events_by_age (migration 6) serves the range, as sync_log_by_age does for the log.
            "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE time_ms < ?1 ORDER BY time_ms, seq LIMIT ?2)",
            [.integer(beforeMs), .integer(Int64(limit))])
    }

    package func markProvisioned(userSeq: Int64, tenantID: Int64, nowMs: Int64) async throws -> Bool {
        try await change(
            "INSERT INTO provisioned_users(user_seq, tenant_id, provisioned_ms) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            [.integer(userSeq), .integer(tenantID), .integer(nowMs)]) == 1
    }
}
