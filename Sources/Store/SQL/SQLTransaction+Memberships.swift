extension SQLiteTransaction: MembershipStore {
    func addMembers(groupSeq: Int64, memberSeqs: [Int64]) async throws -> [Int64] {
        var added: [Int64] = []
        for member in memberSeqs {
            if try change(
                "INSERT OR IGNORE INTO group_members(group_seq, member_seq) VALUES (?1, ?2)",
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
                "DELETE FROM group_members WHERE group_seq = ?1 AND member_seq = ?2", [.integer(groupSeq), .integer(member)]) > 0
            {
                removed.append(member)
            }
        }
        return removed
    }

    func removeAllMembers(groupSeq: Int64) async throws -> [Int64] {
        let members = try connection.rows("SELECT member_seq FROM group_members WHERE group_seq = ?1", [.integer(groupSeq)])
            .map { $0.int(0) }
        try change("DELETE FROM group_members WHERE group_seq = ?1", [.integer(groupSeq)])
        return members
    }

    func members(groupSeq: Int64) async throws -> [MemberReference] {
        try connection.rows(
            """
            SELECT m.seq, m.id, m.type, json_extract(m.body, '$.displayName'), json_extract(m.body, '$.userName')
            FROM group_members g JOIN resources m ON m.seq = g.member_seq
            WHERE g.group_seq = ?1 ORDER BY m.seq
            """, [.integer(groupSeq)]
        ).map {
            MemberReference(seq: $0.int(0), id: $0.string(1), type: $0.string(2), display: $0.optionalString(3) ?? $0.optionalString(4))
        }
    }

    func memberSeqs(groupSeq: Int64) async throws -> [Int64] {
        try connection.rows("SELECT member_seq FROM group_members WHERE group_seq = ?1", [.integer(groupSeq)]).map { $0.int(0) }
    }

    func memberCount(groupSeq: Int64, upTo limit: Int) async throws -> Int {
        Int(
            try connection.row(
                "SELECT count(*) FROM (SELECT 1 FROM group_members WHERE group_seq = ?1 LIMIT ?2)",
                [.integer(groupSeq), .integer(Int64(limit))]
            )?.int(0) ?? 0)
    }

    func groups(memberSeq: Int64) async throws -> [MemberReference] {
        try connection.rows(
            """
            SELECT g.seq, g.id, g.type, json_extract(g.body, '$.displayName')
            FROM group_members m JOIN resources g ON g.seq = m.group_seq
            WHERE m.member_seq = ?1 ORDER BY g.seq
            """, [.integer(memberSeq)]
        ).map { MemberReference(seq: $0.int(0), id: $0.string(1), type: $0.string(2), display: $0.optionalString(3)) }
    }
}
