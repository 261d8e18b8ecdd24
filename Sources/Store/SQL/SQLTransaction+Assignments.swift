import SCIM

extension SQLTransaction: AssignmentStore {
    // MARK: Who a mapping reaches

    package func memberSeqs(tenantID: Int64, groupRef: String) async throws -> [Int64] {
        try await session.rows(
            """
            SELECT DISTINCT gm.member_seq FROM resources g JOIN group_members gm ON gm.group_seq = g.seq
            JOIN resources u ON u.seq = gm.member_seq AND u.type = 'User'
            WHERE g.tenant_id = ?1 AND g.type = 'Group' AND (g.name_key = ?2 OR g.external_id = ?3)
            """, [.integer(tenantID), .text(caseFold(groupRef)), .text(groupRef)]
        ).map { try $0.int(0) }
    }

    package func memberSeqs(tenantID: Int64, groupRef: String, after: Int64, limit: Int) async throws -> [Int64] {
        // The membership primary key (group_seq, member_seq) serves the range in order.
        try await session.rows(
            """
            SELECT DISTINCT gm.member_seq FROM resources g JOIN group_members gm ON gm.group_seq = g.seq
            JOIN resources u ON u.seq = gm.member_seq AND u.type = 'User'
            WHERE g.tenant_id = ?1 AND g.type = 'Group' AND (g.name_key = ?2 OR g.external_id = ?3) AND gm.member_seq > ?4
            ORDER BY gm.member_seq LIMIT ?5
            """, [.integer(tenantID), .text(caseFold(groupRef)), .text(groupRef), .integer(after), .integer(Int64(limit))]
        ).map { try $0.int(0) }
    }

    package func userSeqs(tenantID: Int64, after: Int64, limit: Int) async throws -> [Int64] {
        // resources_by_type (tenant_id, type, seq) serves the range in order.
        try await session.rows(
            "SELECT seq FROM resources WHERE tenant_id = ?1 AND type = 'User' AND seq > ?2 ORDER BY seq LIMIT ?3",
            [.integer(tenantID), .integer(after), .integer(Int64(limit))]
        ).map { try $0.int(0) }
    }

    package func groupIdentities(memberSeq: Int64) async throws -> [GroupIdentity] {
        try await session.rows(
            """
            SELECT g.seq, \(dialect.jsonText("g.body", path: "$.displayName")), g.external_id
            FROM group_members m JOIN resources g ON g.seq = m.group_seq WHERE m.member_seq = ?1 ORDER BY g.seq
            """, [.integer(memberSeq)]
        ).map { try GroupIdentity(seq: $0.int(0), displayName: $0.string(1), externalID: $0.optionalString(2)) }
    }

    package func hasMappingState(tenantID: Int64) async throws -> Bool {
        try await session.row(
            """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM mappings WHERE tenant_id = ?1)
                OR EXISTS (SELECT 1 FROM mapping_errors WHERE tenant_id = ?1)
                OR EXISTS (SELECT 1 FROM assignments WHERE tenant_id = ?1
                    AND (roles <> '[]' OR organization IS NOT NULL OR suspended <> 0 OR out_of_scope IS NOT NULL))
                THEN 1 ELSE 0 END
            """, [.integer(tenantID)]
        )?.int(0) == 1
    }

    // MARK: Assignments

    package func assignment(userSeq: Int64) async throws -> AssignmentRecord? {
        guard
            let row = try await session.row(
                "SELECT roles, organization, suspended, updated_ms, out_of_scope FROM assignments WHERE user_seq = ?1", [.integer(userSeq)])
        else { return nil }
        var roles: [AssignedRole] = []
        if case .array(let items)? = try? SCIMValue(parsing: try row.string(0)) {
            for item in items {
                guard let role = item["role"]?.stringValue, case .integer(let mapping)? = item["mapping"] else { continue }
                roles.append(AssignedRole(role: role, mappingID: Int64(mapping), group: item["group"]?.stringValue ?? ""))
            }
        }
        return try AssignmentRecord(
            userSeq: userSeq, roles: roles, organization: row.optionalString(1), suspended: row.int(2) != 0,
            outOfScope: row.optionalString(4), updatedMs: row.int(3))
    }

    package func saveAssignment(_ assignment: AssignmentRecord, tenantID: Int64) async throws {
        let roles = SCIMValue.array(
            assignment.roles.map { ["role": .string($0.role), "mapping": .integer(Int($0.mappingID)), "group": .string($0.group)] })
        try await change(
            """
            INSERT INTO assignments(user_seq, tenant_id, roles, organization, suspended, updated_ms, out_of_scope)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT(user_seq) DO UPDATE SET roles = excluded.roles, organization = excluded.organization,
                suspended = excluded.suspended, updated_ms = excluded.updated_ms, out_of_scope = excluded.out_of_scope
            """,
            [
                .integer(assignment.userSeq), .integer(tenantID), .text(roles.jsonString),
                assignment.organization.map { .text($0) } ?? .null, .integer(assignment.suspended ? 1 : 0),
                .integer(assignment.updatedMs), assignment.outOfScope.map { .text($0) } ?? .null,
            ])
    }

    // MARK: Open mapping errors

    private static var errorColumns: String {
        """
        e.id, e.user_seq, e.kind, e.group_key, e.group_name, e.target_key, e.target_name, e.mapping_id, e.reason,
        e.log_seq, e.created_ms
        """
    }

    private static func mappingError(_ row: Session.Row) throws -> MappingErrorRecord {
        try MappingErrorRecord(
            id: row.int(0), userSeq: row.int(1), kind: MappingKind(rawValue: row.string(2)) ?? .role, groupKey: row.string(3),
            groupName: row.string(4), targetKey: row.string(5), targetName: row.string(6), mappingID: row.optionalInt(7),
            reason: row.string(8), logSeq: row.int(9), createdMs: row.int(10))
    }

    package func mappingErrors(userSeq: Int64) async throws -> [MappingErrorRecord] {
        try await session.rows("SELECT \(Self.errorColumns) FROM mapping_errors e WHERE e.user_seq = ?1 ORDER BY e.id", [.integer(userSeq)])
            .map(Self.mappingError)
    }

    package func mappingErrorCounts() async throws -> [(tenant: String, kind: MappingKind, count: Int)] {
        try await session.rows(
            """
            SELECT t.name, e.kind, COUNT(*) FROM mapping_errors e JOIN tenants t ON t.id = e.tenant_id
            GROUP BY t.name, e.kind ORDER BY \(dialect.orderIgnoringCase("t.name")), \(dialect.binaryOrder("e.kind"))
            """
        ).compactMap { row in
            try MappingKind(rawValue: row.string(1)).map { (try row.string(0), $0, Int(try row.int(2))) }
        }
    }

    package func mappingErrors(tenantID: Int64) async throws -> [MappingErrorRecord] {
        try await session.rows(
            """
            SELECT \(Self.errorColumns), \(dialect.jsonText("u.body", path: "$.userName")) FROM mapping_errors e
            JOIN resources u ON u.seq = e.user_seq WHERE e.tenant_id = ?1 ORDER BY e.id
            """, [.integer(tenantID)]
        ).map { row in
            var error = try Self.mappingError(row)
            error.userName = try row.optionalString(11)
            return error
        }
    }

    package func userSeqsWithMappingErrors(tenantID: Int64, kind: MappingKind, targetKey: String) async throws -> [Int64] {
        try await session.rows(
            "SELECT DISTINCT user_seq FROM mapping_errors WHERE tenant_id = ?1 AND kind = ?2 AND target_key = ?3",
            [.integer(tenantID), .text(kind.rawValue), .text(targetKey)]
        ).map { try $0.int(0) }
    }

    package func userSeqsWithMappingErrors(tenantID: Int64, kind: MappingKind, targetKey: String, after: Int64, limit: Int)
        async throws -> [Int64]
    {
        try await session.rows(
            """
            SELECT DISTINCT user_seq FROM mapping_errors WHERE tenant_id = ?1 AND kind = ?2 AND target_key = ?3 AND user_seq > ?4
            ORDER BY user_seq LIMIT ?5
            """,
            [.integer(tenantID), .text(kind.rawValue), .text(targetKey), .integer(after), .integer(Int64(limit))]
        ).map { try $0.int(0) }
    }

    package func insertMappingError(_ error: MappingErrorRecord, tenantID: Int64) async throws {
        try await change(
            """
            INSERT INTO mapping_errors(tenant_id, user_seq, kind, group_key, group_name, target_key, target_name,
                mapping_id, reason, log_seq, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT(user_seq, kind, group_key, target_key) DO UPDATE SET tenant_id = excluded.tenant_id,
                group_name = excluded.group_name, target_name = excluded.target_name, mapping_id = excluded.mapping_id,
                reason = excluded.reason, log_seq = excluded.log_seq, created_ms = excluded.created_ms
            """,
            [
                .integer(tenantID), .integer(error.userSeq), .text(error.kind.rawValue), .text(error.groupKey),
                .text(error.groupName), .text(error.targetKey), .text(error.targetName),
                error.mappingID.map { .integer($0) } ?? .null, .text(error.reason), .integer(error.logSeq),
                .integer(error.createdMs),
            ])
    }

    package func deleteMappingError(id: Int64) async throws {
        try await change("DELETE FROM mapping_errors WHERE id = ?1", [.integer(id)])
    }
}
