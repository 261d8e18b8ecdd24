extension SQLiteTransaction: TenantStore {
    // `tenants.name` is COLLATE NOCASE (migration 1): uniqueness, lookup and order ignore ASCII case.

    func createTenant(name: String, nowMs: Int64) async throws -> TenantRecord {
        try change("INSERT INTO tenants(name, created_ms) VALUES (?1, ?2)", [.text(name), .integer(nowMs)], duplicateField: "name")
        return TenantRecord(id: connection.lastInsertRowID, name: name, createdMs: nowMs)
    }

    func tenant(named name: String) async throws -> TenantRecord? {
        try connection.row("SELECT \(Self.tenantColumns) FROM tenants WHERE name = ?1", [.text(name)]).map(Self.tenant)
    }

    func tenant(id: Int64) async throws -> TenantRecord? {
        try connection.row("SELECT \(Self.tenantColumns) FROM tenants WHERE id = ?1", [.integer(id)]).map(Self.tenant)
    }

    func tenants() async throws -> [TenantRecord] {
        try connection.rows("SELECT \(Self.tenantColumns) FROM tenants ORDER BY name").map(Self.tenant)
    }

    func setRateLimits(_ limits: TenantRateLimits, tenantID: Int64) async throws {
        try change(
            "UPDATE tenants SET rate_limit = ?2, rate_burst = ?3, client_rate_limit = ?4 WHERE id = ?1",
            [.integer(tenantID)] + [limits.perSecond, limits.burst, limits.clientPerSecond].map { $0.map { .integer(Int64($0)) } ?? .null })
    }

    private static let tenantColumns = "id, name, created_ms, rate_limit, rate_burst, client_rate_limit"

    private static func tenant(_ row: SQLiteRow) -> TenantRecord {
        TenantRecord(
            id: row.int(0), name: row.string(1), createdMs: row.int(2),
            rateLimits: TenantRateLimits(
                perSecond: row.optionalInt(3).map(Int.init), burst: row.optionalInt(4).map(Int.init),
                clientPerSecond: row.optionalInt(5).map(Int.init)))
    }
}
