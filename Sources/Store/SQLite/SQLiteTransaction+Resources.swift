import SCIM

extension SQLiteTransaction {
    static let resourceColumns = "r.seq, r.type, r.id, r.body, r.version, r.created_ms, r.modified_ms"

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
        return ResourceRecord(
            seq: row.int(0), type: row.string(1), id: row.string(2), body: body, version: row.int(4),
            createdMs: row.int(5), modifiedMs: row.int(6))
    }

    private func duplicateField(type: String) -> String { type == "User" ? "userName" : "displayName" }

    func insertResource(
        tenantID: Int64, type: String, id: String, body: SCIMObject, keys: IndexKeys, nowMs: Int64
    ) async throws -> ResourceRecord {
        try change(
            """
            INSERT INTO resources(tenant_id, type, id, name_key, display_key, external_id, version, created_ms, modified_ms, body)
            VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
            """,
            [
                .integer(tenantID), .text(type), .text(id), .text(keys.nameKey), keys.displayKey.map { .text($0) } ?? .null,
                keys.externalID.map { .text($0) } ?? .null, .integer(nowMs), .integer(nowMs),
                .text(SCIMValue.object(body).jsonString),
            ], duplicateField: duplicateField(type: type))
        let seq = connection.lastInsertRowID
        try insertIndexedValues(seq: seq, tenantID: tenantID, keys: keys)
        return ResourceRecord(seq: seq, type: type, id: id, body: body, version: 1, createdMs: nowMs, modifiedMs: nowMs)
    }

    private func insertIndexedValues(seq: Int64, tenantID: Int64, keys: IndexKeys) throws {
        for value in keys.values {
            try change(
                "INSERT OR IGNORE INTO resource_values(resource_seq, tenant_id, attribute, value_key) VALUES (?, ?, ?, ?)",
                [.integer(seq), .integer(tenantID), .text(value.attribute), .text(value.key)])
        }
    }

    func updateResource(seq: Int64, body: SCIMObject, keys: IndexKeys, nowMs: Int64) async throws -> ResourceRecord {
        guard let row = try connection.row("SELECT tenant_id, type, id, version, created_ms FROM resources WHERE seq = ?", [.integer(seq)]) else {
            throw StoreError.notFound
        }
        let tenantID = row.int(0)
        let type = row.string(1)
        // Strictly increasing even if the clock steps back, so ETags always change.
        try change(
            """
            UPDATE resources SET name_key = ?, display_key = ?, external_id = ?, version = version + 1,
                modified_ms = max(?, modified_ms + 1), body = ? WHERE seq = ?
            """,
            [
                .text(keys.nameKey), keys.displayKey.map { .text($0) } ?? .null, keys.externalID.map { .text($0) } ?? .null,
                .integer(nowMs), .text(SCIMValue.object(body).jsonString), .integer(seq),
            ], duplicateField: duplicateField(type: type))
        try change("DELETE FROM resource_values WHERE resource_seq = ?", [.integer(seq)])
        try insertIndexedValues(seq: seq, tenantID: tenantID, keys: keys)
        let modified = try connection.row("SELECT modified_ms FROM resources WHERE seq = ?", [.integer(seq)])?.int(0) ?? nowMs
        return ResourceRecord(
            seq: seq, type: type, id: row.string(2), body: body, version: row.int(3) + 1, createdMs: row.int(4),
            modifiedMs: modified)
    }

    func touchResource(seq: Int64, nowMs: Int64) async throws {
        try change(
            "UPDATE resources SET version = version + 1, modified_ms = max(?, modified_ms + 1) WHERE seq = ?",
            [.integer(nowMs), .integer(seq)])
    }

    func touchResources(seqs: [Int64], nowMs: Int64) async throws {
        for seq in Set(seqs) { try await touchResource(seq: seq, nowMs: nowMs) }
    }

    func touchMembers(groupSeq: Int64, nowMs: Int64) async throws {
        try change(
            """
            UPDATE resources SET version = version + 1, modified_ms = max(?, modified_ms + 1)
            WHERE seq IN (SELECT member_seq FROM group_members WHERE group_seq = ?)
            """,
            [.integer(nowMs), .integer(groupSeq)])
    }

    func touchGroups(memberSeq: Int64, nowMs: Int64) async throws {
        try change(
            """
            UPDATE resources SET version = version + 1, modified_ms = max(?, modified_ms + 1)
            WHERE seq IN (SELECT group_seq FROM group_members WHERE member_seq = ?)
            """,
            [.integer(nowMs), .integer(memberSeq)])
    }

    func deleteResource(seq: Int64) async throws {
        // Later positions shift down by one: forget them now and again once this commits.
        pagePositions.invalidate()
        effects.deletedResources = true
        // Memberships in both directions and indexed values go with it (ON DELETE CASCADE).
        if try change("DELETE FROM resources WHERE seq = ?", [.integer(seq)]) == 0 { throw StoreError.notFound }
    }

    func resource(tenantID: Int64, type: String, id: String) async throws -> ResourceRecord? {
        try connection.row(
            "SELECT \(Self.resourceColumns) FROM resources r WHERE r.tenant_id = ? AND r.type = ? AND r.id = ?",
            [.integer(tenantID), .text(type), .text(id)]
        ).map(Self.resource)
    }

    func resource(tenantID: Int64, type: String, nameKey: String) async throws -> ResourceRecord? {
        try connection.row(
            "SELECT \(Self.resourceColumns) FROM resources r WHERE r.tenant_id = ? AND r.type = ? AND r.name_key = ?",
            [.integer(tenantID), .text(type), .text(nameKey)]
        ).map(Self.resource)
    }

    func references(tenantID: Int64, ids: [String]) async throws -> [String: MemberReference] {
        var result: [String: MemberReference] = [:]
        for id in Set(ids) {
            // Two indexed lookups beat one OR query that SQLite cannot index.
            for type in ["User", "Group"] {
                if let row = try connection.row(
                    "SELECT seq, id, type FROM resources WHERE tenant_id = ? AND type = ? AND id = ?",
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
                "SELECT count(*) FROM resources WHERE tenant_id = ? AND type = ?", [.integer(tenantID), .text(type)]
            )?.int(0) ?? 0)
    }

    // MARK: Membership

    func addMembers(groupSeq: Int64, memberSeqs: [Int64]) async throws -> [Int64] {
        var added: [Int64] = []
        for member in memberSeqs {
            if try change(
                "INSERT OR IGNORE INTO group_members(group_seq, member_seq) VALUES (?, ?)",
                [.integer(groupSeq), .integer(member)]) > 0
            {
                added.append(member)
            }
        }
        return added
    }

    func removeMembers(groupSeq: Int64, memberSeqs: [Int64]) async throws -> [Int64] {
        var removed: [Int64] = []
        for member in memberSeqs {
            if try change(
                "DELETE FROM group_members WHERE group_seq = ? AND member_seq = ?", [.integer(groupSeq), .integer(member)]) > 0
            {
                removed.append(member)
            }
        }
        return removed
    }

    func removeAllMembers(groupSeq: Int64) async throws -> [Int64] {
        let members = try connection.rows("SELECT member_seq FROM group_members WHERE group_seq = ?", [.integer(groupSeq)])
            .map { $0.int(0) }
        try change("DELETE FROM group_members WHERE group_seq = ?", [.integer(groupSeq)])
        return members
    }

    func members(groupSeq: Int64) async throws -> [MemberReference] {
        try connection.rows(
            """
            SELECT m.seq, m.id, m.type, json_extract(m.body, '$.displayName'), json_extract(m.body, '$.userName')
            FROM group_members g JOIN resources m ON m.seq = g.member_seq
            WHERE g.group_seq = ? ORDER BY m.seq
            """, [.integer(groupSeq)]
        ).map {
            MemberReference(seq: $0.int(0), id: $0.string(1), type: $0.string(2), display: $0.optionalString(3) ?? $0.optionalString(4))
        }
    }

    func memberSeqs(groupSeq: Int64) async throws -> [Int64] {
        try connection.rows("SELECT member_seq FROM group_members WHERE group_seq = ?", [.integer(groupSeq)]).map { $0.int(0) }
    }

    func memberCount(groupSeq: Int64, upTo limit: Int) async throws -> Int {
        Int(
            try connection.row(
                "SELECT count(*) FROM (SELECT 1 FROM group_members WHERE group_seq = ? LIMIT ?)",
                [.integer(groupSeq), .integer(Int64(limit))]
            )?.int(0) ?? 0)
    }

    func groups(memberSeq: Int64) async throws -> [MemberReference] {
        try connection.rows(
            """
            SELECT g.seq, g.id, g.type, json_extract(g.body, '$.displayName')
            FROM group_members m JOIN resources g ON g.seq = m.group_seq
            WHERE m.member_seq = ? ORDER BY g.seq
            """, [.integer(memberSeq)]
        ).map { MemberReference(seq: $0.int(0), id: $0.string(1), type: $0.string(2), display: $0.optionalString(3)) }
    }
}
