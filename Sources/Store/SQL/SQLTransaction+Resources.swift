import SCIM

extension SQLTransaction: ResourceStore {
    static var resourceColumns: String { "r.seq, r.type, r.id, r.body, r.version, r.created_ms, r.modified_ms, r.source" }

    static func resource(_ row: Session.Row) throws -> ResourceRecord {
        let body: SCIMObject
        do {
            guard case .object(let object) = try SCIMValue(parsing: try row.string(3)) else {
                throw StoreError.internalError("stored body of \(try row.string(2)) is not an object")
            }
            body = object
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.internalError("stored body of \((try? row.string(2)) ?? "?") is not valid JSON: \(error)")
        }
        guard let source = ResourceSource(rawValue: try row.string(7)) else {
            throw StoreError.internalError("stored source of \(try row.string(2)) is '\(try row.string(7))', neither scim nor local")
        }
        return try ResourceRecord(
            seq: row.int(0), type: row.string(1), id: row.string(2), body: body, version: row.int(4),
            createdMs: row.int(5), modifiedMs: row.int(6), source: source)
    }

    private func duplicateField(type: String) -> String { type == "User" ? "userName" : "displayName" }

    package func insertResource(
        tenantID: Int64, type: String, id: String, body: SCIMObject, keys: IndexKeys, source: ResourceSource, nowMs: Int64
    ) async throws -> ResourceRecord {
        let seq = try await insert(
            """
            INSERT INTO resources(tenant_id, type, id, name_key, display_key, external_id, version, created_ms, modified_ms, body, source)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10) RETURNING seq
            """,
            [
                .integer(tenantID), .text(type), .text(id), .text(keys.nameKey), keys.displayKey.map { .text($0) } ?? .null,
                keys.externalID.map { .text($0) } ?? .null, .integer(nowMs), .integer(nowMs),
                .text(SCIMValue.object(body).jsonString), .text(source.rawValue),
            ], duplicateField: duplicateField(type: type))
        try await insertIndexedValues(seq: seq, tenantID: tenantID, keys: keys)
        return ResourceRecord(
            seq: seq, type: type, id: id, body: body, version: 1, createdMs: nowMs, modifiedMs: nowMs, source: source)
    }

    private func insertIndexedValues(seq: Int64, tenantID: Int64, keys: IndexKeys) async throws {
        for value in keys.values {
            try await change(
                "INSERT INTO resource_values(resource_seq, tenant_id, attribute, value_key) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                [.integer(seq), .integer(tenantID), .text(value.attribute), .text(value.key)])
        }
    }

    package func updateResource(seq: Int64, body: SCIMObject, keys: IndexKeys, nowMs: Int64) async throws -> ResourceRecord {
        guard
            let row = try await session.row(
                "SELECT tenant_id, type, id, version, created_ms, source FROM resources WHERE seq = ?1", [.integer(seq)])
        else {
            throw StoreError.notFound
        }
        let tenantID = try row.int(0)
        let type = try row.string(1)
        // Strictly increasing even if the clock steps back, so ETags always change.
        try await change(
            ResourceSQL.update[dialect],
            [
                .text(keys.nameKey), keys.displayKey.map { .text($0) } ?? .null, keys.externalID.map { .text($0) } ?? .null,
                .integer(nowMs), .text(SCIMValue.object(body).jsonString), .integer(seq),
            ], duplicateField: duplicateField(type: type))
        try await change("DELETE FROM resource_values WHERE resource_seq = ?1", [.integer(seq)])
        try await insertIndexedValues(seq: seq, tenantID: tenantID, keys: keys)
        let modified = try await session.row("SELECT modified_ms FROM resources WHERE seq = ?1", [.integer(seq)])?.int(0) ?? nowMs
        return try ResourceRecord(
            seq: seq, type: type, id: row.string(2), body: body, version: row.int(3) + 1, createdMs: row.int(4),
            modifiedMs: modified, source: ResourceSource(rawValue: row.string(5)) ?? .scim)
    }

    package func setResourceSource(seq: Int64, _ source: ResourceSource, nowMs: Int64) async throws {
        // The source shows in the scimd extension, so the representation and its ETag change (RFC 7644 §3.14).
        let changed = try await change(ResourceSQL.setSource[dialect], [.text(source.rawValue), .integer(nowMs), .integer(seq)])
        if changed == 0, try await session.row("SELECT 1 FROM resources WHERE seq = ?1", [.integer(seq)]) == nil {
            throw StoreError.notFound
        }
    }

    package func touchResource(seq: Int64, nowMs: Int64) async throws {
        try await change(ResourceSQL.touch[dialect], [.integer(nowMs), .integer(seq)])
    }

    package func touchResources(seqs: [Int64], nowMs: Int64) async throws {
        for seq in Set(seqs) { try await touchResource(seq: seq, nowMs: nowMs) }
    }

    package func touchMembers(groupSeq: Int64, nowMs: Int64) async throws {
        try await change(ResourceSQL.touchMembers[dialect], [.integer(nowMs), .integer(groupSeq)])
    }

    package func touchGroups(memberSeq: Int64, nowMs: Int64) async throws {
        try await change(ResourceSQL.touchGroups[dialect], [.integer(nowMs), .integer(memberSeq)])
    }

    package func deleteResource(seq: Int64) async throws {
        // Later positions shift down by one: forget them now and again once this commits.
        pagePositions?.invalidate()
        effects.deletedResources = true
        // Memberships in both directions and indexed values go with it (ON DELETE CASCADE).
        if try await change("DELETE FROM resources WHERE seq = ?1", [.integer(seq)]) == 0 { throw StoreError.notFound }
    }

    package func resource(tenantID: Int64, type: String, id: String) async throws -> ResourceRecord? {
        try await session.row(
            "SELECT \(Self.resourceColumns) FROM resources r WHERE r.tenant_id = ?1 AND r.type = ?2 AND r.id = ?3",
            [.integer(tenantID), .text(type), .text(id)]
        ).map(Self.resource)
    }

    package func resource(tenantID: Int64, type: String, nameKey: String) async throws -> ResourceRecord? {
        try await session.row(
            "SELECT \(Self.resourceColumns) FROM resources r WHERE r.tenant_id = ?1 AND r.type = ?2 AND r.name_key = ?3",
            [.integer(tenantID), .text(type), .text(nameKey)]
        ).map(Self.resource)
    }

    package func resource(seq: Int64) async throws -> ResourceRecord? {
        try await session.row("SELECT \(Self.resourceColumns) FROM resources r WHERE r.seq = ?1", [.integer(seq)]).map(Self.resource)
    }

    package func references(tenantID: Int64, ids: [String]) async throws -> [String: MemberReference] {
        var result: [String: MemberReference] = [:]
        for id in Set(ids) {
            // Two indexed lookups beat one OR query that SQLite cannot index.
            for type in ["User", "Group"] {
                if let row = try await session.row(
                    "SELECT seq, id, type FROM resources WHERE tenant_id = ?1 AND type = ?2 AND id = ?3",
                    [.integer(tenantID), .text(type), .text(id)])
                {
                    result[id] = try MemberReference(seq: row.int(0), id: row.string(1), type: row.string(2), display: nil)
                    break
                }
            }
        }
        return result
    }

    package func count(tenantID: Int64, type: String) async throws -> Int {
        Int(
            try await session.row(
                "SELECT count(*) FROM resources WHERE tenant_id = ?1 AND type = ?2", [.integer(tenantID), .text(type)]
            )?.int(0) ?? 0)
    }
}

/// The resource writes every request makes, in each dialect, built once rather than per call.
private enum ResourceSQL {
    static let update = DialectSQL { d in
        """
        UPDATE resources SET name_key = ?1, display_key = ?2, external_id = ?3, version = version + 1,
            modified_ms = \(d.greatest("?4", "modified_ms + 1")), body = ?5 WHERE seq = ?6
        """
    }
    static let setSource = DialectSQL { d in
        """
        UPDATE resources SET source = ?1, version = version + 1, modified_ms = \(d.greatest("?2", "modified_ms + 1"))
        WHERE seq = ?3 AND source <> ?1
        """
    }
    static let touch = DialectSQL { d in
        "UPDATE resources SET version = version + 1, modified_ms = \(d.greatest("?1", "modified_ms + 1")) WHERE seq = ?2"
    }
    static let touchMembers = DialectSQL { d in
        """
        UPDATE resources SET version = version + 1, modified_ms = \(d.greatest("?1", "modified_ms + 1"))
        WHERE seq IN (SELECT member_seq FROM group_members WHERE group_seq = ?2)
        """
    }
    static let touchGroups = DialectSQL { d in
        """
        UPDATE resources SET version = version + 1, modified_ms = \(d.greatest("?1", "modified_ms + 1"))
        WHERE seq IN (SELECT group_seq FROM group_members WHERE member_seq = ?2)
        """
    }
}
