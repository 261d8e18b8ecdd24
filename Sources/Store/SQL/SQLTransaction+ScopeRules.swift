extension SQLTransaction: ScopeRuleStore {
    package func scopeRules(tenantID: Int64) async throws -> String? {
        try await session.row("SELECT rules FROM scope_rules WHERE tenant_id = ?1", [.integer(tenantID)])?.string(0)
    }

    package func saveScopeRules(_ rules: String, tenantID: Int64, nowMs: Int64) async throws {
        try await change(
            """
            INSERT INTO scope_rules(tenant_id, rules, updated_ms) VALUES (?1, ?2, ?3)
            ON CONFLICT(tenant_id) DO UPDATE SET rules = excluded.rules, updated_ms = excluded.updated_ms
            """, [.integer(tenantID), .text(rules), .integer(nowMs)])
    }
}
