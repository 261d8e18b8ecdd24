extension SQLTransaction: TokenStore {
    private static var tokenColumns: String {
        """
        t.id, t.tenant_id, n.name, t.kind, t.name, t.prefix, t.created_ms, t.expires_ms, t.revoked_ms, t.last_used_ms
        FROM tokens t JOIN tenants n ON n.id = t.tenant_id
        """
    }

    private static func token(_ row: Session.Row) throws -> TokenRecord {
        try TokenRecord(
            id: row.string(0), tenantID: row.int(1), tenantName: row.string(2),
            kind: TokenKind(rawValue: row.string(3)) ?? .scim, name: row.string(4), prefix: row.string(5),
            createdMs: row.int(6), expiresMs: row.optionalInt(7), revokedMs: row.optionalInt(8),
            lastUsedMs: row.optionalInt(9))
    }

    package func insertToken(_ token: TokenRecord, hash: String) async throws {
        try await change(
            "INSERT INTO tokens(id, tenant_id, kind, name, hash, prefix, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            [
                .text(token.id), .integer(token.tenantID), .text(token.kind.rawValue), .text(token.name), .text(hash),
                .text(token.prefix), .integer(token.createdMs), token.expiresMs.map { .integer($0) } ?? .null,
            ], duplicateField: "token")
    }

    package func tokenCandidates(prefix: String) async throws -> [(record: TokenRecord, hash: String)] {
        try await session.rows(
            """
            SELECT t.id, t.tenant_id, n.name, t.kind, t.name, t.prefix, t.created_ms, t.expires_ms, t.revoked_ms,
                t.last_used_ms, t.hash
            FROM tokens t JOIN tenants n ON n.id = t.tenant_id WHERE t.prefix = ?1
            """, [.text(prefix)]
        ).map { (try Self.token($0), try $0.string(10)) }
    }

    package func token(id: String) async throws -> TokenRecord? {
        try await session.row("SELECT \(Self.tokenColumns) WHERE t.id = ?1", [.text(id)]).map(Self.token)
    }

    package func tokens(tenantID: Int64?) async throws -> [TokenRecord] {
        if let tenantID {
            return try await session.rows(
                "SELECT \(Self.tokenColumns) WHERE t.tenant_id = ?1 ORDER BY t.created_ms", [.integer(tenantID)]
            ).map(Self.token)
        }
        return try await session.rows("SELECT \(Self.tokenColumns) ORDER BY \(dialect.orderIgnoringCase("n.name")), t.created_ms").map(Self.token)
    }

    package func revokeToken(id: String, nowMs: Int64) async throws -> Bool {
        try await change(
            "UPDATE tokens SET revoked_ms = ?1 WHERE id = ?2 AND revoked_ms IS NULL", [.integer(nowMs), .text(id)]) > 0
    }

    package func markTokenUsed(id: String, nowMs: Int64) async throws {
        try await change("UPDATE tokens SET last_used_ms = ?1 WHERE id = ?2", [.integer(nowMs), .text(id)])
    }
}
