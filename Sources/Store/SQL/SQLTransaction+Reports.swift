import SCIM

/// The sync report's aggregates: each one statement over the period's rows of `sync_log`,
/// served by the `(tenant_id, time_ms)` index, grouped in the database (never entries read into Swift).
extension SQLTransaction: ReportStore {
    /// The period's rows: `?1` tenant, `?2` since (inclusive), `?3` until (exclusive).
    private static var inPeriod: String { "l.tenant_id = ?1 AND l.time_ms >= ?2 AND l.time_ms < ?3" }

    private func arguments(_ period: ReportPeriod) -> [SQLValue] {
        [.integer(period.tenantID), .integer(period.sinceMs), .integer(period.untilMs)]
    }

    /// True when the JSON at `path` of the change `c.value` is false (or the text "false" in any case).
    private func isFalse(_ path: String) -> String { dialect.jsonIsFlag("c.value", path: path, false) }

    private func isTrue(_ path: String) -> String { dialect.jsonIsFlag("c.value", path: path, true) }

    package func reportWriteCounts(_ period: ReportPeriod) async throws -> [ReportWriteCount] {
        let write = dialect.jsonText("l.details", path: "$.write")
        return try await session.rows(
            """
            SELECT l.resource_type, l.operation, \(write), l.status, COUNT(*)
            FROM sync_log l WHERE \(Self.inPeriod) GROUP BY 1, 2, 3, 4
            ORDER BY \([ "l.resource_type", "l.operation", write, "l.status"].map(dialect.ascendingText).joined(separator: ", "))
            """, arguments(period)
        ).map { row in
            try ReportWriteCount(
                resourceType: row.optionalString(0), operation: row.string(1), write: row.optionalString(2),
                status: SyncStatus(rawValue: row.string(3)) ?? .failure, count: Int(row.int(4)))
        }
    }

    package func reportActiveChanges(_ period: ReportPeriod) async throws -> ReportActiveCounts {
        // One row per `active` change of a successful user write other than a create (a create
        // records old = null, which is not a deactivation even when it arrives inactive).
        let row = try await session.row(
            """
            SELECT
              CAST(COALESCE(SUM(CASE WHEN \(isFalse("$.new")) AND NOT \(isFalse("$.old")) THEN 1 ELSE 0 END), 0) AS BIGINT),
              CAST(COALESCE(SUM(CASE WHEN \(isTrue("$.new")) AND \(isFalse("$.old")) THEN 1 ELSE 0 END), 0) AS BIGINT)
            FROM sync_log l, \(dialect.jsonElements("l.changes", as: "c"))
            WHERE \(Self.inPeriod) AND l.status = 'success' AND l.resource_type = 'User' AND l.changes IS NOT NULL
              AND COALESCE(\(dialect.jsonText("l.details", path: "$.write")), l.operation) NOT IN ('create', 'local-create')
              AND lower(\(dialect.jsonText("c.value", path: "$.attribute"))) = 'active'
            """, arguments(period))
        return ReportActiveCounts(deactivated: Int(try row?.int(0) ?? 0), reactivated: Int(try row?.int(1) ?? 0))
    }

    package func reportAssignmentChanges(_ period: ReportPeriod) async throws -> ReportAssignmentCounts {
        let row = try await session.row(
            """
            WITH c AS (
              SELECT l.resource_id AS rid, lower(\(dialect.jsonText("j.value", path: "$.attribute"))) AS attr, j.value AS value
              FROM sync_log l, \(dialect.jsonElements("l.changes", as: "j"))
              WHERE \(Self.inPeriod) AND l.operation = 'mapping' AND l.status = 'success' AND l.changes IS NOT NULL
            ), m AS (
              SELECT rid,
                CASE WHEN attr = 'roles' THEN COALESCE(\(dialect.jsonArrayLength("value", path: "$.added")), 0) ELSE 0 END AS added,
                CASE WHEN attr = 'roles' THEN COALESCE(\(dialect.jsonArrayLength("value", path: "$.removed")), 0) ELSE 0 END AS removed,
                CASE WHEN attr = 'organization' AND \(dialect.jsonHasValue("value", path: "$.new")) THEN 1 ELSE 0 END AS moved
              FROM c
            )
            SELECT CAST(COALESCE(SUM(added), 0) AS BIGINT), CAST(COALESCE(SUM(removed), 0) AS BIGINT),
              CAST(COALESCE(SUM(moved), 0) AS BIGINT), COUNT(DISTINCT CASE WHEN added + removed + moved > 0 THEN rid END)
            FROM m
            """, arguments(period))
        return ReportAssignmentCounts(
            rolesAssigned: Int(try row?.int(0) ?? 0), rolesRemoved: Int(try row?.int(1) ?? 0),
            organizationMoves: Int(try row?.int(2) ?? 0), users: Int(try row?.int(3) ?? 0))
    }

    package func reportOutOfScope(_ period: ReportPeriod) async throws -> ReportOutOfScope {
        let skipped = "l.status = 'skipped' AND l.error_code = 'outOfScope'"
        let totals = try await session.row(
            "SELECT COUNT(*), COUNT(DISTINCT l.resource_id) FROM sync_log l WHERE \(Self.inPeriod) AND \(skipped)",
            arguments(period))
        let rule = dialect.jsonText("f.value", path: "$.rule")
        let rules = try await session.rows(
            """
            SELECT \(rule) AS rule, COUNT(DISTINCT l.seq), COUNT(DISTINCT l.resource_id)
            FROM sync_log l, \(dialect.jsonElements("l.details", path: "$.failed", as: "f"))
            WHERE \(Self.inPeriod) AND \(skipped) AND l.details IS NOT NULL AND \(rule) IS NOT NULL
            GROUP BY \(rule) ORDER BY 3 DESC, 2 DESC, \(dialect.binaryOrder(rule))
            """, arguments(period)
        ).map { try ReportRuleCount(rule: $0.string(0), entries: Int($0.int(1)), users: Int($0.int(2))) }
        return ReportOutOfScope(entries: Int(try totals?.int(0) ?? 0), users: Int(try totals?.int(1) ?? 0), rules: rules)
    }

    package func reportRefusals(_ period: ReportPeriod) async throws -> [ReportRefusalCount] {
        // The newest refusal's message is the example: each group's highest seq, joined back to
        // its row (SQLite alone would take a bare column from the row holding the max()).
        try await session.rows(
            """
            WITH g AS (
              SELECT l.error_code AS code, COUNT(*) AS n, MAX(l.seq) AS newest FROM sync_log l
              WHERE \(Self.inPeriod) AND l.status = 'failure' AND l.operation <> 'mapping'
              GROUP BY l.error_code
            )
            SELECT g.code, g.n, m.message FROM g JOIN sync_log m ON m.seq = g.newest
            ORDER BY g.n DESC, \(dialect.ascendingText("g.code"))
            """, arguments(period)
        ).map { try ReportRefusalCount(errorCode: $0.optionalString(0), count: Int($0.int(1)), example: $0.string(2)) }
    }

    package func reportClients(_ period: ReportPeriod, limit: Int) async throws -> [ReportClientCount] {
        try await session.rows(
            """
            SELECT l.client, COUNT(*), CAST(SUM(CASE WHEN l.status = 'failure' THEN 1 ELSE 0 END) AS BIGINT) FROM sync_log l
            WHERE \(Self.inPeriod) AND l.operation <> 'mapping'
            GROUP BY l.client ORDER BY COUNT(*) DESC, \(dialect.ascendingText("l.client")) LIMIT ?4
            """, arguments(period) + [.integer(Int64(max(0, limit)))]
        ).map { try ReportClientCount(client: $0.optionalString(0), requests: Int($0.int(1)), failures: Int($0.int(2))) }
    }

    package func reportOpenMappingErrors(tenantID: Int64) async throws -> [ReportMappingErrorGroup] {
        let groupName = "MIN(\(dialect.binaryOrder("e.group_name")))"
        let targetName = "MIN(\(dialect.binaryOrder("e.target_name")))"
        return try await session.rows(
            """
            SELECT e.kind, \(groupName), \(targetName), e.reason, MAX(e.mapping_id), COUNT(DISTINCT e.user_seq),
              MIN(e.created_ms), MIN(\(dialect.binaryOrder(dialect.jsonText("u.body", path: "$.userName"))))
            FROM mapping_errors e JOIN resources u ON u.seq = e.user_seq WHERE e.tenant_id = ?1
            GROUP BY e.kind, e.group_key, e.target_key, e.reason
            ORDER BY COUNT(DISTINCT e.user_seq) DESC, \(dialect.binaryOrder(groupName)), \(dialect.binaryOrder(targetName))
            """, [.integer(tenantID)]
        ).map { row in
            try ReportMappingErrorGroup(
                kind: MappingKind(rawValue: row.string(0)) ?? .role, groupName: row.string(1), targetName: row.string(2),
                reason: row.string(3), mappingID: row.optionalInt(4), users: Int(row.int(5)), oldestMs: row.int(6),
                exampleUser: row.optionalString(7))
        }
    }
}
