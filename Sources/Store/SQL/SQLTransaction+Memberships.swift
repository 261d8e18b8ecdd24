extension SQLTransaction: MembershipStore {
    package func addMembers(groupSeq: Int64, memberSeqs: [Int64]) async throws -> [Int64] {
        var added: [Int64] = []
        for member in memberSeqs {
            if try await change(
                "INSERT INTO group_members(group_seq, member_seq) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                [.integer(groupSeq), .integer(member)]) > 0
            {
                added.append(member)
            }
        }
        return added
    }

    package func removeMembers(groupSeq: Int64, memberSeqs: [Int64]) async throws -> [Int64] {
        var removed: [Int64] = []
        for member in memberSeqs {
            if try await change(
                "DELETE FROM group_members WHERE group_seq = ?1 AND member_seq = ?2", [.integer(groupSeq), .integer(member)]) > 0
            {
                removed.append(member)
            }
        }
        return removed
    }

    package func removeAllMembers(groupSeq: Int64) async throws -> [Int64] {
        let members = try await session.rows("SELECT member_seq FROM group_members WHERE group_seq = ?1", [.integer(groupSeq)])
            .map { try $0.int(0) }
        try await change("DELETE FROM group_members WHERE group_seq = ?1", [.integer(groupSeq)])
        return members
    }

    package func members(groupSeq: Int64) async throws -> [MemberReference] {
        try await session.rows(
            """
            SELECT m.seq, m.id, m.type, \(dialect.jsonText("m.body", path: "$.displayName")), \(dialect.jsonText("m.body", path: "$.userName"))
            FROM group_members g JOIN resources m ON m.seq = g.member_seq
            WHERE g.group_seq = ?1 ORDER BY m.seq
            """, [.integer(groupSeq)]
        ).map {
            try MemberReference(seq: $0.int(0), id: $0.string(1), type: $0.string(2), display: $0.optionalString(3) ?? $0.optionalString(4))
        }
    }

    package func memberSeqs(groupSeq: Int64) async throws -> [Int64] {
        try await session.rows("SELECT member_seq FROM group_members WHERE group_seq = ?1", [.integer(groupSeq)]).map { try $0.int(0) }
    }

    package func memberCount(groupSeq: Int64, upTo limit: Int) async throws -> Int {
        Int(
            try await session.row(
                "SELECT count(*) FROM (SELECT 1 FROM group_members WHERE group_seq = ?1 LIMIT ?2) AS m",
                [.integer(groupSeq), .integer(Int64(limit))]
            )?.int(0) ?? 0)
    }

    package func groups(memberSeq: Int64) async throws -> [MemberReference] {
        try await session.rows(
            """
            SELECT g.seq, g.id, g.type, \(dialect.jsonText("g.body", path: "$.displayName"))
            FROM group_members m JOIN resources g ON g.seq = m.group_seq
            WHERE m.member_seq = ?1 ORDER BY g.seq
            """, [.integer(memberSeq)]
        ).map { try MemberReference(seq: $0.int(0), id: $0.string(1), type: $0.string(2), display: $0.optionalString(3)) }
    }
}
