extension SQLTransaction: ConsoleSessionStore {
    package func insertConsoleSession(_ session: ConsoleSessionRecord, hash: String) async throws {
        try await change(
            """
            INSERT INTO console_sessions(hash, tenant_id, client, csrf_secret, created_ms, idle_expires_ms, expires_ms)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """,
            [
                .text(hash), .integer(session.tenantID), .text(session.client), .text(session.csrfSecret),
                .integer(session.createdMs), .integer(min(session.idleExpiresMs, session.expiresMs)), .integer(session.expiresMs),
            ], duplicateField: "session")
    }

    package func consoleSession(hash: String) async throws -> ConsoleSessionRecord? {
        try await session.row(
            """
            SELECT s.tenant_id, n.name, s.client, s.csrf_secret, s.created_ms, s.idle_expires_ms, s.expires_ms
            FROM console_sessions s JOIN tenants n ON n.id = s.tenant_id WHERE s.hash = ?1
            """, [.text(hash)]
        ).map { row in
            try ConsoleSessionRecord(
                tenantID: row.int(0), tenantName: row.string(1), client: row.string(2), csrfSecret: row.string(3),
                createdMs: row.int(4), idleExpiresMs: row.int(5), expiresMs: row.int(6))
        }
    }

    package func touchConsoleSession(hash: String, idleExpiresMs: Int64) async throws {
        // The idle expiry never passes the absolute one.
        try await change(
            """
            UPDATE console_sessions SET idle_expires_ms = CASE WHEN ?1 < expires_ms THEN ?1 ELSE expires_ms END
            WHERE hash = ?2
            """, [.integer(idleExpiresMs), .text(hash)])
    }

    package func deleteConsoleSession(hash: String) async throws -> Bool {
        try await change("DELETE FROM console_sessions WHERE hash = ?1", [.text(hash)]) > 0
    }

    package func pruneConsoleSessions(nowMs: Int64) async throws -> Int {
        try await change(
            "DELETE FROM console_sessions WHERE idle_expires_ms <= ?1 OR expires_ms <= ?1", [.integer(nowMs)])
    }
}
