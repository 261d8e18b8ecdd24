import SCIM

extension SQLTransaction: MappingStore {
    // MARK: Roles

    package func roles(tenantID: Int64) async throws -> [RoleRecord] {
        try await session.rows(
            "SELECT id, name, description, created_ms FROM roles WHERE tenant_id = ?1 ORDER BY \(dialect.binaryOrder("name_key"))", [.integer(tenantID)]
        ).map { try RoleRecord(id: $0.int(0), name: $0.string(1), description: $0.optionalString(2), createdMs: $0.int(3)) }
    }

    package func insertRole(tenantID: Int64, name: String, description: String?, nowMs: Int64) async throws -> RoleRecord {
        let id = try await insert(
            "INSERT INTO roles(tenant_id, name, name_key, description, created_ms) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            [.integer(tenantID), .text(name), .text(caseFold(name)), description.map { .text($0) } ?? .null, .integer(nowMs)],
            duplicateField: "name")
        return RoleRecord(id: id, name: name, description: description, createdMs: nowMs)
    }

    package func deleteRole(id: Int64) async throws {
        if try await change("DELETE FROM roles WHERE id = ?1", [.integer(id)]) == 0 { throw StoreError.notFound }
    }

    // MARK: Organizations

    package func organizations(tenantID: Int64) async throws -> [OrganizationRecord] {
        try await session.rows(
            "SELECT id, name, parent_id, created_ms FROM organizations WHERE tenant_id = ?1 ORDER BY \(dialect.binaryOrder("name_key"))",
            [.integer(tenantID)]
        ).map { try OrganizationRecord(id: $0.int(0), name: $0.string(1), parentID: $0.optionalInt(2), createdMs: $0.int(3)) }
    }

    package func insertOrganization(tenantID: Int64, name: String, parentID: Int64?, nowMs: Int64) async throws -> OrganizationRecord {
        let id = try await insert(
            "INSERT INTO organizations(tenant_id, name, name_key, parent_id, created_ms) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            [.integer(tenantID), .text(name), .text(caseFold(name)), parentID.map { .integer($0) } ?? .null, .integer(nowMs)],
            duplicateField: "name")
        return OrganizationRecord(id: id, name: name, parentID: parentID, createdMs: nowMs)
    }

    package func deleteOrganization(id: Int64) async throws {
        // Children keep their place in the tree one level up rather than becoming roots.
        try await change(
            "UPDATE organizations SET parent_id = (SELECT parent_id FROM organizations WHERE id = ?1) WHERE parent_id = ?1",
            [.integer(id)])
        if try await change("DELETE FROM organizations WHERE id = ?1", [.integer(id)]) == 0 { throw StoreError.notFound }
    }

    // MARK: Mappings

    private static func mapping(_ row: Session.Row) throws -> MappingRecord {
        try MappingRecord(
            id: row.int(0), kind: MappingKind(rawValue: row.string(1)) ?? .role, groupRef: row.string(2),
            targetName: row.string(3), priority: Int(row.int(4)), createdMs: row.int(5))
    }

    package func mappings(tenantID: Int64) async throws -> [MappingRecord] {
        try await session.rows(
            "SELECT id, kind, group_ref, target_name, priority, created_ms FROM mappings WHERE tenant_id = ?1 ORDER BY id",
            [.integer(tenantID)]
        ).map(Self.mapping)
    }

    package func insertMapping(
        tenantID: Int64, kind: MappingKind, groupRef: String, targetName: String, priority: Int, nowMs: Int64
    ) async throws -> MappingRecord {
        let id = try await insert(
            """
            INSERT INTO mappings(tenant_id, kind, group_ref, group_key, target_name, target_key, priority, created_ms)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id
            """,
            [
                .integer(tenantID), .text(kind.rawValue), .text(groupRef), .text(caseFold(groupRef)), .text(targetName),
                .text(caseFold(targetName)), .integer(Int64(priority)), .integer(nowMs),
            ], duplicateField: "mapping")
        return MappingRecord(
            id: id, kind: kind, groupRef: groupRef, targetName: targetName, priority: priority,
            createdMs: nowMs)
    }

    package func deleteMapping(id: Int64, tenantID: Int64) async throws -> MappingRecord? {
        guard
            let found = try await session.row(
                "SELECT id, kind, group_ref, target_name, priority, created_ms FROM mappings WHERE id = ?1 AND tenant_id = ?2",
                [.integer(id), .integer(tenantID)]
            ).map(Self.mapping)
        else { return nil }
        try await change("DELETE FROM mappings WHERE id = ?1", [.integer(id)])
        return found
    }
}
