import SCIM

extension SQLiteTransaction: AssignmentStore {
    // MARK: Who a mapping reaches

    func memberSeqs(tenantID: Int64, groupRef: String) async throws -> [Int64] {
        try connection.rows(
            """
            SELECT DISTINCT gm.member_seq FROM resources g JOIN group_members gm ON gm.group_seq = g.seq
            JOIN resources u ON u.seq = gm.member_seq AND u.type = 'User'
            WHERE g.tenant_id = ?1 AND g.type = 'Group' AND (g.name_key = ?2 OR g.external_id = ?3)
            """, [.integer(tenantID), .text(caseFold(groupRef)), .text(groupRef)]
        ).map { $0.int(0) }
    }

    func memberSeqs(tenantID: Int64, groupRef: String, after: Int64, limit: Int) async throws -> [Int64] {
        // The membership primary key (group_seq, member_seq) serves the range in order.
        try connection.rows(
            """
            SELECT DISTINCT gm.member_seq FROM resources g JOIN group_members gm ON gm.group_seq = g.seq
            JOIN resources u ON u.seq = gm.member_seq AND u.type = 'User'
            WHERE g.tenant_id = ?1 AND g.type = 'Group' AND (g.name_key = ?2 OR g.external_id = ?3) AND gm.member_seq > ?4
            ORDER BY gm.member_seq LIMIT ?5
            """, [.integer(tenantID), .text(caseFold(groupRef)), .text(groupRef), .integer(after), .integer(Int64(limit))]
        ).map { $0.int(0) }
    }

    func userSeqs(tenantID: Int64, after: Int64, limit: Int) async throws -> [Int64] {
        // resources_by_type (tenant_id, type, seq) serves the range in order.
        try connection.rows(
            "SELECT seq FROM resources WHERE tenant_id = ?1 AND type = 'User' AND seq > ?2 ORDER BY seq LIMIT ?3",
            [.integer(tenantID), .integer(after), .integer(Int64(limit))]
        ).map { $0.int(0) }
    }

    func groupIdentities(memberSeq: Int64) async throws -> [GroupIdentity] {
        try connection.rows(
            """
            SELECT g.seq, json_extract(g.body, '$.displayName'), g.external_id
            FROM group_members m JOIN resources g ON g.seq = m.group_seq WHERE m.member_seq = ?1 ORDER BY g.seq
            """, [.integer(memberSeq)]
        ).map { GroupIdentity(seq: $0.int(0), displayName: $0.string(1), externalID: $0.optionalString(2)) }
    }

    func hasMappingState(tenantID: Int64) async throws -> Bool {
        try connection.row(
            """
            SELECT EXISTS (SELECT 1 FROM mappings WHERE tenant_id = ?1)
                OR EXISTS (SELECT 1 FROM mapping_errors WHERE tenant_id = ?1)
                OR EXISTS (SELECT 1 FROM assignments WHERE tenant_id = ?1
                    AND (roles <> '[]' OR organization IS NOT NULL OR suspended <> 0 OR out_of_scope IS NOT NULL))
            """, [.integer(tenantID)]
        )?.int(0) == 1
    }

    // MARK: Assignments

    func assignment(userSeq: Int64) async throws -> AssignmentRecord? {
        guard
            let row = try connection.row(
                "SELECT roles, organization, suspended, updated_ms, out_of_scope FROM assignments WHERE user_seq = ?1", [.integer(userSeq)])
        else { return nil }
        var roles: [AssignedRole] = []
        if case .array(let items)? = try? SCIMValue(parsing: row.string(0)) {
            for item in items {
                guard let role = item["role"]?.stringValue, case .integer(let mapping)? = item["mapping"] else { continue }
                roles.append(AssignedRole(role: role, mappingID: Int64(mapping), group: item["group"]?.stringValue ?? ""))
            }
        }
        return AssignmentRecord(
            userSeq: userSeq, roles: roles, organization: row.optionalString(1), suspended: row.int(2) != 0,
            outOfScope: row.optionalString(4), updatedMs: row.int(3))
    }

    func saveAssignment(_ assignment: AssignmentRecord, tenantID: Int64) async throws {
        let roles = SCIMValue.array(
            assignment.roles.map { ["role": .string($0.role), "mapping": .integer(Int($0.mappingID)), "group": .string($0.group)] })
        try change(
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

    private static let errorColumns = """
        e.id, e.user_seq, e.kind, e.group_key, e.group_name, e.target_key, e.target_name, e.mapping_id, e.reason,
        e.log_seq, e.created_ms
        """

    private static func mappingError(_ row: SQLiteRow) -> MappingErrorRecord {
        MappingErrorRecord(
            id: row.int(0), userSeq: row.int(1), kind: MappingKind(rawValue: row.string(2)) ?? .role, groupKey: row.string(3),
            groupName: row.string(4), targetKey: row.string(5), targetName: row.string(6), mappingID: row.optionalInt(7),
            reason: row.string(8), logSeq: row.int(9), createdMs: row.int(10))
    }

    func mappingErrors(userSeq: Int64) async throws -> [MappingErrorRecord] {
        try connection.rows("SELECT \(Self.errorColumns) FROM mapping_errors e WHERE e.user_seq = ?1 ORDER BY e.id", [.integer(userSeq)])
            .map(Self.mappingError)
    }

    func mappingErrorCounts() async throws -> [(tenant: String, kind: MappingKind, count: Int)] {
        try connection.rows(
            """
            SELECT t.name, e.kind, COUNT(*) FROM mapping_errors e JOIN tenants t ON t.id = e.tenant_id
            GROUP BY t.name, e.kind ORDER BY t.name, e.kind
            """
        ).compactMap { row in
            MappingKind(rawValue: row.string(1)).map { (row.string(0), $0, Int(row.int(2))) }
        }
    }

    func mappingErrors(tenantID: Int64) async throws -> [MappingErrorRecord] {
        try connection.rows(
            """
            SELECT \(Self.errorColumns), json_extract(u.body, '$.userName') FROM mapping_errors e
            JOIN resources u ON u.seq = e.user_seq WHERE e.tenant_id = ?1 ORDER BY e.id
            """, [.integer(tenantID)]
        ).map { row in
            var error = Self.mappingError(row)
            error.userName = row.optionalString(11)
            return error
        }
    }

    func userSeqsWithMappingErrors(tenantID: Int64, kind: MappingKind, targetKey: String) async throws -> [Int64] {
        try connection.rows(
            "SELECT DISTINCT user_seq FROM mapping_errors WHERE tenant_id = ?1 AND kind = ?2 AND target_key = ?3",
            [.integer(tenantID), .text(kind.rawValue), .text(targetKey)]
        ).map { $0.int(0) }
    }

    func userSeqsWithMappingErrors(tenantID: Int64, kind: MappingKind, targetKey: String, after: Int64, limit: Int)
        async throws -> [Int64]
    {
        try connection.rows(
            """
            SELECT DISTINCT user_seq FROM mapping_errors WHERE tenant_id = ?1 AND kind = ?2 AND target_key = ?3 AND user_seq > ?4
            ORDER BY user_seq LIMIT ?5
            """,
            [.integer(tenantID), .text(kind.rawValue), .text(targetKey), .integer(after), .integer(Int64(limit))]
        ).map { $0.int(0) }
    }

    func insertMappingError(_ error: MappingErrorRecord, tenantID: Int64) async throws {
        try change(
            """
            INSERT OR REPLACE INTO mapping_errors(tenant_id, user_seq, kind, group_key, group_name, target_key, target_name,
                mapping_id, reason, log_seq, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """,
            [
                .integer(tenantID), .integer(error.userSeq), .text(error.kind.rawValue), .text(error.groupKey),
                .text(error.groupName), .text(error.targetKey), .text(error.targetName),
                error.mappingID.map { .integer($0) } ?? .null, .text(error.reason), .integer(error.logSeq),
                .integer(error.createdMs),
            ])
    }

    func deleteMappingError(id: Int64) async throws {
        try change("DELETE FROM mapping_errors WHERE id = ?1", [.integer(id)])
    }
}
