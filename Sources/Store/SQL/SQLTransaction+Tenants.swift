extension SQLTransaction: TenantStore {
    // `tenants.name` is COLLATE NOCASE (migration 1): uniqueness, lookup and order ignore ASCII case.

    package func createTenant(name: String, nowMs: Int64) async throws -> TenantRecord {
        let id = try await insert(
            "INSERT INTO tenants(name, created_ms) VALUES (?1, ?2) RETURNING id", [.text(name), .integer(nowMs)],
            duplicateField: "name")
        return TenantRecord(id: id, name: name, createdMs: nowMs)
    }

    package func tenant(named name: String) async throws -> TenantRecord? {
        try await session.row(
            "SELECT \(tenantColumns) FROM tenants WHERE \(dialect.equalIgnoringCase("name", "?1"))", [.text(name)]
        ).map(Self.tenant)
    }

    package func tenant(id: Int64) async throws -> TenantRecord? {
        try await session.row("SELECT \(tenantColumns) FROM tenants WHERE id = ?1", [.integer(id)]).map(Self.tenant)
    }

    package func tenants() async throws -> [TenantRecord] {
        try await session.rows("SELECT \(tenantColumns) FROM tenants ORDER BY \(dialect.orderIgnoringCase("name"))").map(Self.tenant)
    }

    package func setRateLimits(_ limits: TenantRateLimits, tenantID: Int64) async throws {
        try await change(
            "UPDATE tenants SET rate_limit = ?2, rate_burst = ?3, client_rate_limit = ?4 WHERE id = ?1",
            [.integer(tenantID)] + [limits.perSecond, limits.burst, limits.clientPerSecond].map { $0.map { .integer(Int64($0)) } ?? .null })
    }

    private static func tenant(_ row: Session.Row) throws -> TenantRecord {
        try TenantRecord(
            id: row.int(0), name: row.string(1), createdMs: row.int(2),
            rateLimits: TenantRateLimits(
                perSecond: row.optionalInt(3).map(Int.init), burst: row.optionalInt(4).map(Int.init),
                clientPerSecond: row.optionalInt(5).map(Int.init)))
    }
}

private let tenantColumns = "id, name, created_ms, rate_limit, rate_burst, client_rate_limit"
