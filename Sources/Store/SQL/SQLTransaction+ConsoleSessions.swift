extension SQLTransaction: ConsoleSessionStore {
    package func insertConsoleSession(_ session: ConsoleSessionRecord, hash: String) async throws {
        try await change(
            """
            INSERT INTO console_sessions(
                hash, tenant_id, client, credential_kind, credential_id, csrf_secret, created_ms, idle_expires_ms, expires_ms)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """,
            [
                .text(hash), .integer(session.tenantID), .text(session.client), .text(session.credential.kind.rawValue),
                .text(session.credential.id), .text(session.csrfSecret), .integer(session.createdMs),
                .integer(min(session.idleExpiresMs, session.expiresMs)), .integer(session.expiresMs),
            ], duplicateField: "session")
    }

    package func consoleSession(hash: String) async throws -> ConsoleSessionRecord? {
        guard
            let row = try await session.row(
                """
                SELECT s.tenant_id, n.name, s.client, s.credential_kind, s.credential_id, s.csrf_secret, s.created_ms,
                    s.idle_expires_ms, s.expires_ms
                FROM console_sessions s JOIN tenants n ON n.id = s.tenant_id WHERE s.hash = ?1
                """, [.text(hash)])
        else { return nil }
        // A kind this binary does not know (written by a newer one) signs nobody in here.
        guard let kind = ConsoleCredential.Kind(rawValue: try row.string(3)) else { return nil }
        return try ConsoleSessionRecord(
            tenantID: row.int(0), tenantName: row.string(1), client: row.string(2),
            credential: ConsoleCredential(kind: kind, id: row.string(4)), csrfSecret: row.string(5), createdMs: row.int(6),
            idleExpiresMs: row.int(7), expiresMs: row.int(8))
    }

    package func touchConsoleSession(hash: String, idleExpiresMs: Int64) async throws {
        // The idle expiry never passes the absolute one.
        try await change(
            """
            UPDATE console_sessions SET idle_expires_ms = CASE WHEN ?1 < expires_ms THEN ?1 ELSE expires_ms END
            WHERE hash = ?2
            """, [.integer(idleExpiresMs), .text(hash)])
    }

    package func setConsoleSessionTenant(hash: String, tenantID: Int64) async throws -> Bool {
        try await change(
            "UPDATE console_sessions SET tenant_id = ?1 WHERE hash = ?2 AND EXISTS (SELECT 1 FROM tenants WHERE id = ?1)",
            [.integer(tenantID), .text(hash)]) > 0
    }

    package func deleteConsoleSession(hash: String) async throws -> Bool {
        try await change("DELETE FROM console_sessions WHERE hash = ?1", [.text(hash)]) > 0
    }

    package func pruneConsoleSessions(nowMs: Int64) async throws -> Int {
        try await change(
            "DELETE FROM console_sessions WHERE idle_expires_ms <= ?1 OR expires_ms <= ?1", [.integer(nowMs)])
    }
}
