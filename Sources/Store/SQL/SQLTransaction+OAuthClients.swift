import SCIM

extension SQLTransaction: OAuthClientStore {
    private static var clientColumns: String {
        """
        c.id, c.tenant_id, n.name, c.name, c.token_lifetime_s, c.created_ms, c.revoked_ms, c.last_token_ms
        FROM oauth_clients c JOIN tenants n ON n.id = c.tenant_id
        """
    }

    private static func client(_ row: Session.Row) throws -> OAuthClientRecord {
        try OAuthClientRecord(
            id: row.string(0), tenantID: row.int(1), tenantName: row.string(2), name: row.string(3),
            tokenLifetimeSeconds: Int(row.int(4)), createdMs: row.int(5), revokedMs: row.optionalInt(6),
            lastTokenMs: row.optionalInt(7))
    }

    package func insertOAuthClient(_ client: OAuthClientRecord) async throws {
        // The primary key and the name index both say "duplicate"; the id is a fresh UUID, so it is the name.
        try await change(
            """
            INSERT INTO oauth_clients(id, tenant_id, name, name_key, token_lifetime_s, created_ms)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """,
            [
                .text(client.id), .integer(client.tenantID), .text(client.name), .text(caseFold(client.name)),
                .integer(Int64(client.tokenLifetimeSeconds)), .integer(client.createdMs),
            ], duplicateField: "name")
    }

    package func oauthClient(id: String) async throws -> OAuthClientRecord? {
        try await session.row("SELECT \(Self.clientColumns) WHERE c.id = ?1", [.text(id)]).map(Self.client)
    }

    package func oauthClients(tenantID: Int64?) async throws -> [OAuthClientRecord] {
        if let tenantID {
            return try await session.rows(
                "SELECT \(Self.clientColumns) WHERE c.tenant_id = ?1 ORDER BY c.created_ms, \(dialect.binaryOrder("c.id"))", [.integer(tenantID)]
            ).map(Self.client)
        }
        return try await session.rows("SELECT \(Self.clientColumns) ORDER BY \(dialect.orderIgnoringCase("n.name")), c.created_ms, \(dialect.binaryOrder("c.id"))").map(Self.client)
    }

    package func revokeOAuthClient(id: String, nowMs: Int64) async throws -> Bool {
        try await change(
            "UPDATE oauth_clients SET revoked_ms = ?1 WHERE id = ?2 AND revoked_ms IS NULL", [.integer(nowMs), .text(id)]) > 0
    }

    package func markOAuthClientIssued(id: String, nowMs: Int64) async throws {
        try await change("UPDATE oauth_clients SET last_token_ms = ?1 WHERE id = ?2", [.integer(nowMs), .text(id)])
    }

    package func insertClientSecret(_ secret: OAuthClientSecretRecord, hash: String) async throws {
        try await change(
            """
            INSERT INTO oauth_client_secrets(id, client_id, hash, prefix, created_ms, expires_ms)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """,
            [
                .text(secret.id), .text(secret.clientID), .text(hash), .text(secret.prefix), .integer(secret.createdMs),
                secret.expiresMs.map { .integer($0) } ?? .null,
            ], duplicateField: "client")
    }

    package func clientSecrets(clientID: String) async throws -> [(record: OAuthClientSecretRecord, hash: String)] {
        try await session.rows(
            """
            SELECT id, client_id, prefix, created_ms, expires_ms, retired_ms, last_used_ms, hash
            FROM oauth_client_secrets WHERE client_id = ?1 ORDER BY created_ms, \(dialect.insertionOrder)
            """, [.text(clientID)]
        ).map {
            (
                try OAuthClientSecretRecord(
                    id: $0.string(0), clientID: $0.string(1), prefix: $0.string(2), createdMs: $0.int(3),
                    expiresMs: $0.optionalInt(4), retiredMs: $0.optionalInt(5), lastUsedMs: $0.optionalInt(6)),
                try $0.string(7)
            )
        }
    }

    package func retireClientSecrets(ids: [String], nowMs: Int64) async throws -> Int {
        var retired = 0
        for id in ids {
            retired += try await change(
                "UPDATE oauth_client_secrets SET retired_ms = ?1 WHERE id = ?2 AND retired_ms IS NULL",
                [.integer(nowMs), .text(id)])
        }
        return retired
    }

    package func markClientSecretUsed(id: String, nowMs: Int64) async throws {
        try await change("UPDATE oauth_client_secrets SET last_used_ms = ?1 WHERE id = ?2", [.integer(nowMs), .text(id)])
    }
}
