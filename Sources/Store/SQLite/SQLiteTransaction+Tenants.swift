extension SQLiteTransaction: TenantStore {
    // `tenants.name` is COLLATE NOCASE (migration 1): uniqueness, lookup and order ignore ASCII case.

    func createTenant(name: String, nowMs: Int64) async throws -> TenantRecord {
        try change("INSERT INTO tenants(name, created_ms) VALUES (?1, ?2)", [.text(name), .integer(nowMs)], duplicateField: "name")
        return TenantRecord(id: connection.lastInsertRowID, name: name, createdMs: nowMs)
    }

    func tenant(named name: String) async throws -> TenantRecord? {
        try connection.row("SELECT id, name, created_ms FROM tenants WHERE name = ?1", [.text(name)]).map(Self.tenant)
    }

    func tenant(id: Int64) async throws -> TenantRecord? {
        try connection.row("SELECT id, name, created_ms FROM tenants WHERE id = ?1", [.integer(id)]).map(Self.tenant)
    }

    func tenants() async throws -> [TenantRecord] {
        try connection.rows("SELECT id, name, created_ms FROM tenants ORDER BY name").map(Self.tenant)
    }

    private static func tenant(_ row: SQLiteRow) -> TenantRecord {
        TenantRecord(id: row.int(0), name: row.string(1), createdMs: row.int(2))
    }
}
