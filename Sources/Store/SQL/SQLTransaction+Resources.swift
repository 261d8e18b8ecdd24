import SCIM

extension SQLiteTransaction: ResourceStore {
    static let resourceColumns = "r.seq, r.type, r.id, r.body, r.version, r.created_ms, r.modified_ms, r.source"

    static func resource(_ row: SQLiteRow) throws -> ResourceRecord {
        let body: SCIMObject
        do {
            guard case .object(let object) = try SCIMValue(parsing: row.string(3)) else {
                throw StoreError.internalError("stored body of \(row.string(2)) is not an object")
            }
            body = object
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.internalError("stored body of \(row.string(2)) is not valid JSON: \(error)")
        }
        guard let source = ResourceSource(rawValue: row.string(7)) else {
            throw StoreError.internalError("stored source of \(row.string(2)) is '\(row.string(7))', neither scim nor local")
        }
        return ResourceRecord(
            seq: row.int(0), type: row.string(1), id: row.string(2), body: body, version: row.int(4),
            createdMs: row.int(5), modifiedMs: row.int(6), source: source)
    }

    private func duplicateField(type: String) -> String { type == "User" ? "userName" : "displayName" }

    func insertResource(
        tenantID: Int64, type: String, id: String, body: SCIMObject, keys: IndexKeys, source: ResourceSource, nowMs: Int64
    ) async throws -> ResourceRecord {
        try change(
            """
            INSERT INTO resources(tenant_id, type, id, name_key, display_key, external_id, version, created_ms, modified_ms, body, source)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10)
            """,
            [
                .integer(tenantID), .text(type), .text(id), .text(keys.nameKey), keys.displayKey.map { .text($0) } ?? .null,
                keys.externalID.map { .text($0) } ?? .null, .integer(nowMs), .integer(nowMs),
                .text(SCIMValue.object(body).jsonString), .text(source.rawValue),
            ], duplicateField: duplicateField(type: type))
        let seq = connection.lastInsertRowID
        try insertIndexedValues(seq: seq, tenantID: tenantID, keys: keys)
        return ResourceRecord(
            seq: seq, type: type, id: id, body: body, version: 1, createdMs: nowMs, modifiedMs: nowMs, source: source)
    }

    private func insertIndexedValues(seq: Int64, tenantID: Int64, keys: IndexKeys) throws {
        for value in keys.values {
            try change(
                "INSERT OR IGNORE INTO resource_values(resource_seq, tenant_id, attribute, value_key) VALUES (?1, ?2, ?3, ?4)",
                [.integer(seq), .integer(tenantID), .text(value.attribute), .text(value.key)])
        }
    }

    func updateResource(seq: Int64, body: SCIMObject, keys: IndexKeys, nowMs: Int64) async throws -> ResourceRecord {
        guard
            let row = try connection.row(
                "SELECT tenant_id, type, id, version, created_ms, source FROM resources WHERE seq = ?1", [.integer(seq)])
        else {
            throw StoreError.notFound
        }
        let tenantID = row.int(0)
        let type = row.string(1)
        // Strictly increasing even if the clock steps back, so ETags always change.
        try change(
            """
            UPDATE resources SET name_key = ?1, display_key = ?2, external_id = ?3, version = version + 1,
                modified_ms = max(?4, modified_ms + 1), body = ?5 WHERE seq = ?6
            """,
            [
                .text(keys.nameKey), keys.displayKey.map { .text($0) } ?? .null, keys.externalID.map { .text($0) } ?? .null,
                .integer(nowMs), .text(SCIMValue.object(body).jsonString), .integer(seq),
            ], duplicateField: duplicateField(type: type))
        try change("DELETE FROM resource_values WHERE resource_seq = ?1", [.integer(seq)])
        try insertIndexedValues(seq: seq, tenantID: tenantID, keys: keys)
        let modified = try connection.row("SELECT modified_ms FROM resources WHERE seq = ?1", [.integer(seq)])?.int(0) ?? nowMs
        return ResourceRecord(
            seq: seq, type: type, id: row.string(2), body: body, version: row.int(3) + 1, createdMs: row.int(4),
            modifiedMs: modified, source: ResourceSource(rawValue: row.string(5)) ?? .scim)
    }

    func setResourceSource(seq: Int64, _ source: ResourceSource, nowMs: Int64) async throws {
        // The source shows in the scimd extension, so the representation and its ETag change (RFC 7644 §3.14).
        let changed = try change(
            """
            UPDATE resources SET source = ?1, version = version + 1, modified_ms = max(?2, modified_ms + 1)
            WHERE seq = ?3 AND source <> ?1
            """,
            [.text(source.rawValue), .integer(nowMs), .integer(seq)])
        if changed == 0, try connection.row("SELECT 1 FROM resources WHERE seq = ?1", [.integer(seq)]) == nil {
            throw StoreError.notFound
        }
    }

    func touchResource(seq: Int64, nowMs: Int64) async throws {
        try change(
            "UPDATE resources SET version = version + 1, modified_ms = max(?1, modified_ms + 1) WHERE seq = ?2",
            [.integer(nowMs), .integer(seq)])
    }

    func touchResources(seqs: [Int64], nowMs: Int64) async throws {
        for seq in Set(seqs) { try await touchResource(seq: seq, nowMs: nowMs) }
    }

    func touchMembers(groupSeq: Int64, nowMs: Int64) async throws {
        try change(
            """
            UPDATE resources SET version = version + 1, modified_ms = max(?1, modified_ms + 1)
            WHERE seq IN (SELECT member_seq FROM group_members WHERE group_seq = ?2)
            """,
            [.integer(nowMs), .integer(groupSeq)])
    }

    func touchGroups(memberSeq: Int64, nowMs: Int64) async throws {
        try change(
            """
            UPDATE resources SET version = version + 1, modified_ms = max(?1, modified_ms + 1)
            WHERE seq IN (SELECT group_seq FROM group_members WHERE member_seq = ?2)
            """,
            [.integer(nowMs), .integer(memberSeq)])
    }

    func deleteResource(seq: Int64) async throws {
        // Later positions shift down by one: forget them now and again once this commits.
        pagePositions.invalidate()
        effects.deletedResources = true
        // Memberships in both directions and indexed values go with it (ON DELETE CASCADE).
        if try change("DELETE FROM resources WHERE seq = ?1", [.integer(seq)]) == 0 { throw StoreError.notFound }
    }

    func resource(tenantID: Int64, type: String, id: String) async throws -> ResourceRecord? {
        try connection.row(
            "SELECT \(Self.resourceColumns) FROM resources r WHERE r.tenant_id = ?1 AND r.type = ?2 AND r.id = ?3",
            [.integer(tenantID), .text(type), .text(id)]
        ).map(Self.resource)
    }

    func resource(tenantID: Int64, type: String, nameKey: String) async throws -> ResourceRecord? {
        try connection.row(
            "SELECT \(Self.resourceColumns) FROM resources r WHERE r.tenant_id = ?1 AND r.type = ?2 AND r.name_key = ?3",
            [.integer(tenantID), .text(type), .text(nameKey)]
        ).map(Self.resource)
    }

    func resource(seq: Int64) async throws -> ResourceRecord? {
        try connection.row("SELECT \(Self.resourceColumns) FROM resources r WHERE r.seq = ?1", [.integer(seq)]).map(Self.resource)
    }

    func references(tenantID: Int64, ids: [String]) async throws -> [String: MemberReference] {
        var result: [String: MemberReference] = [:]
        for id in Set(ids) {
            // Two indexed lookups beat one OR query that SQLite cannot index.
            for type in ["User", "Group"] {
                if let row = try connection.row(
                    "SELECT seq, id, type FROM resources WHERE tenant_id = ?1 AND type = ?2 AND id = ?3",
                    [.integer(tenantID), .text(type), .text(id)])
                {
                    result[id] = MemberReference(seq: row.int(0), id: row.string(1), type: row.string(2), display: nil)
                    break
                }
            }
        }
        return result
    }

    func count(tenantID: Int64, type: String) async throws -> Int {
        Int(
            try connection.row(
                "SELECT count(*) FROM resources WHERE tenant_id = ?1 AND type = ?2", [.integer(tenantID), .text(type)]
            )?.int(0) ?? 0)
    }
}
