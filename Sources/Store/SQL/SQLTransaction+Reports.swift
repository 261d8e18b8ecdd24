import SCIM

/// The sync report's aggregates: each one statement over the period's rows of `sync_log`,
/// served by the `(tenant_id, time_ms)` index, grouped in SQLite (never entries read into Swift).
extension SQLiteTransaction: ReportStore {
    /// The period's rows: `?1` tenant, `?2` since (inclusive), `?3` until (exclusive).
    private static let inPeriod = "l.tenant_id = ?1 AND l.time_ms >= ?2 AND l.time_ms < ?3"

    private func arguments(_ period: ReportPeriod) -> [SQLValue] {
        [.integer(period.tenantID), .integer(period.sinceMs), .integer(period.untilMs)]
    }

    /// True when the JSON at `path` of the change `c.value` is false (or the text "false" in any case).
    private static func isFalse(_ path: String) -> String {
        "(json_type(c.value, '\(path)') = 'false' OR (json_type(c.value, '\(path)') = 'text' AND lower(json_extract(c.value, '\(path)')) = 'false'))"
    }

    private static func isTrue(_ path: String) -> String {
        "(json_type(c.value, '\(path)') = 'true' OR (json_type(c.value, '\(path)') = 'text' AND lower(json_extract(c.value, '\(path)')) = 'true'))"
    }

    func reportWriteCounts(_ period: ReportPeriod) async throws -> [ReportWriteCount] {
        try connection.rows(
            """
            SELECT l.resource_type, l.operation, json_extract(l.details, '$.write'), l.status, COUNT(*)
            FROM sync_log l WHERE \(Self.inPeriod) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """, arguments(period)
        ).map { row in
            ReportWriteCount(
                resourceType: row.optionalString(0), operation: row.string(1), write: row.optionalString(2),
                status: SyncStatus(rawValue: row.string(3)) ?? .failure, count: Int(row.int(4)))
        }
    }

    func reportActiveChanges(_ period: ReportPeriod) async throws -> ReportActiveCounts {
        // One row per `active` change of a successful user write other than a create (a create
        // records old = null, which is not a deactivation even when it arrives inactive).
        let row = try connection.row(
            """
            SELECT
              COALESCE(SUM(CASE WHEN \(Self.isFalse("$.new")) AND NOT \(Self.isFalse("$.old")) THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN \(Self.isTrue("$.new")) AND \(Self.isFalse("$.old")) THEN 1 ELSE 0 END), 0)
            FROM sync_log l, json_each(l.changes) c
            WHERE \(Self.inPeriod) AND l.status = 'success' AND l.resource_type = 'User' AND l.changes IS NOT NULL
              AND COALESCE(json_extract(l.details, '$.write'), l.operation) NOT IN ('create', 'local-create')
              AND lower(json_extract(c.value, '$.attribute')) = 'active'
            """, arguments(period))
        return ReportActiveCounts(deactivated: Int(row?.int(0) ?? 0), reactivated: Int(row?.int(1) ?? 0))
    }

    func reportAssignmentChanges(_ period: ReportPeriod) async throws -> ReportAssignmentCounts {
        let row = try connection.row(
            """
            WITH c AS (
              SELECT l.resource_id AS rid, lower(json_extract(j.value, '$.attribute')) AS attr, j.value AS value
              FROM sync_log l, json_each(l.changes) j
              WHERE \(Self.inPeriod) AND l.operation = 'mapping' AND l.status = 'success' AND l.changes IS NOT NULL
            ), m AS (
              SELECT rid,
                CASE WHEN attr = 'roles' THEN COALESCE(json_array_length(value, '$.added'), 0) ELSE 0 END AS added,
                CASE WHEN attr = 'roles' THEN COALESCE(json_array_length(value, '$.removed'), 0) ELSE 0 END AS removed,
                CASE WHEN attr = 'organization' AND COALESCE(json_type(value, '$.new'), 'null') <> 'null' THEN 1 ELSE 0 END AS moved
              FROM c
            )
            SELECT COALESCE(SUM(added), 0), COALESCE(SUM(removed), 0), COALESCE(SUM(moved), 0),
              COUNT(DISTINCT CASE WHEN added + removed + moved > 0 THEN rid END)
            FROM m
            """, arguments(period))
        return ReportAssignmentCounts(
            rolesAssigned: Int(row?.int(0) ?? 0), rolesRemoved: Int(row?.int(1) ?? 0), organizationMoves: Int(row?.int(2) ?? 0),
            users: Int(row?.int(3) ?? 0))
    }

    func reportOutOfScope(_ period: ReportPeriod) async throws -> ReportOutOfScope {
        let skipped = "l.status = 'skipped' AND l.error_code = 'outOfScope'"
        let totals = try connection.row(
            "SELECT COUNT(*), COUNT(DISTINCT l.resource_id) FROM sync_log l WHERE \(Self.inPeriod) AND \(skipped)",
            arguments(period))
        let rules = try connection.rows(
            """
            SELECT json_extract(f.value, '$.rule') AS rule, COUNT(DISTINCT l.seq), COUNT(DISTINCT l.resource_id)
            FROM sync_log l, json_each(l.details, '$.failed') f
            WHERE \(Self.inPeriod) AND \(skipped) AND l.details IS NOT NULL AND json_extract(f.value, '$.rule') IS NOT NULL
            GROUP BY rule ORDER BY 3 DESC, 2 DESC, rule
            """, arguments(period)
        ).map { ReportRuleCount(rule: $0.string(0), entries: Int($0.int(1)), users: Int($0.int(2))) }
        return ReportOutOfScope(entries: Int(totals?.int(0) ?? 0), users: Int(totals?.int(1) ?? 0), rules: rules)
    }

    func reportRefusals(_ period: ReportPeriod) async throws -> [ReportRefusalCount] {
        // With one max() aggregate, SQLite takes the bare column `message` from the row holding
        // the maximum: the newest refusal's message is the example.
        try connection.rows(
            """
            SELECT l.error_code, COUNT(*), l.message, MAX(l.seq) FROM sync_log l
            WHERE \(Self.inPeriod) AND l.status = 'failure' AND l.operation <> 'mapping'
            GROUP BY l.error_code ORDER BY 2 DESC, 1
            """, arguments(period)
        ).map { ReportRefusalCount(errorCode: $0.optionalString(0), count: Int($0.int(1)), example: $0.string(2)) }
    }

    func reportClients(_ period: ReportPeriod, limit: Int) async throws -> [ReportClientCount] {
        try connection.rows(
            """
            SELECT l.client, COUNT(*), SUM(l.status = 'failure') FROM sync_log l
            WHERE \(Self.inPeriod) AND l.operation <> 'mapping'
            GROUP BY l.client ORDER BY 2 DESC, 1 LIMIT ?4
            """, arguments(period) + [.integer(Int64(max(0, limit)))]
        ).map { ReportClientCount(client: $0.optionalString(0), requests: Int($0.int(1)), failures: Int($0.int(2))) }
    }

    func reportOpenMappingErrors(tenantID: Int64) async throws -> [ReportMappingErrorGroup] {
        try connection.rows(
            """
            SELECT e.kind, MIN(e.group_name), MIN(e.target_name), e.reason, MAX(e.mapping_id), COUNT(DISTINCT e.user_seq),
              MIN(e.created_ms), MIN(json_extract(u.body, '$.userName'))
            FROM mapping_errors e JOIN resources u ON u.seq = e.user_seq WHERE e.tenant_id = ?1
            GROUP BY e.kind, e.group_key, e.target_key, e.reason ORDER BY 6 DESC, 2, 3
            """, [.integer(tenantID)]
        ).map { row in
            ReportMappingErrorGroup(
                kind: MappingKind(rawValue: row.string(0)) ?? .role, groupName: row.string(1), targetName: row.string(2),
                reason: row.string(3), mappingID: row.optionalInt(4), users: Int(row.int(5)), oldestMs: row.int(6),
                exampleUser: row.optionalString(7))
        }
    }
}
