import SCIM

/// A transaction on one connection; the SQL for every store operation lives in its extensions.
struct SQLiteTransaction: StoreTransaction {
    let connection: SQLiteConnection
    let writable: Bool
    let pagePositions: PagePositions
    /// Attributes kept outside the body, which queries read from their tables.
    let derived: DerivedAttributes
    let effects = TransactionEffects()

    func requireWritable() throws {
        if !writable { throw StoreError.internalError("write attempted in a read transaction") }
    }

    /// Runs a write statement and maps unique-index violations to `StoreError.duplicate`.
    @discardableResult
    func change(_ sql: String, _ arguments: [SQLValue], duplicateField: String = "key") throws -> Int {
        try requireWritable()
        do {
            return try connection.run(sql, arguments)
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw StoreError.duplicate(field: duplicateField)
        }
    }

    // MARK: Tenants and tokens

    func createTenant(name: String, nowMs: Int64) async throws -> TenantRecord {
        try change("INSERT INTO tenants(name, created_ms) VALUES (?, ?)", [.text(name), .integer(nowMs)], duplicateField: "name")
        return TenantRecord(id: connection.lastInsertRowID, name: name, createdMs: nowMs)
    }

    func tenant(named name: String) async throws -> TenantRecord? {
        try connection.row("SELECT id, name, created_ms FROM tenants WHERE name = ?", [.text(name)]).map {
            TenantRecord(id: $0.int(0), name: $0.string(1), createdMs: $0.int(2))
        }
    }

    func tenant(id: Int64) async throws -> TenantRecord? {
        try connection.row("SELECT id, name, created_ms FROM tenants WHERE id = ?", [.integer(id)]).map {
            TenantRecord(id: $0.int(0), name: $0.string(1), createdMs: $0.int(2))
        }
    }

    func tenants() async throws -> [TenantRecord] {
        try connection.rows("SELECT id, name, created_ms FROM tenants ORDER BY name").map {
            TenantRecord(id: $0.int(0), name: $0.string(1), createdMs: $0.int(2))
        }
    }

    private static let tokenColumns = """
        t.id, t.tenant_id, n.name, t.kind, t.name, t.prefix, t.created_ms, t.expires_ms, t.revoked_ms, t.last_used_ms
        FROM tokens t JOIN tenants n ON n.id = t.tenant_id
        """

    private static func token(_ row: SQLiteRow) -> TokenRecord {
        TokenRecord(
            id: row.string(0), tenantID: row.int(1), tenantName: row.string(2),
            kind: TokenKind(rawValue: row.string(3)) ?? .scim, name: row.string(4), prefix: row.string(5),
            createdMs: row.int(6), expiresMs: row.optionalInt(7), revokedMs: row.optionalInt(8),
            lastUsedMs: row.optionalInt(9))
    }

    func insertToken(_ token: TokenRecord, hash: String) async throws {
        try change(
            "INSERT INTO tokens(id, tenant_id, kind, name, hash, prefix, created_ms, expires_ms) VALUES (?,?,?,?,?,?,?,?)",
            [
                .text(token.id), .integer(token.tenantID), .text(token.kind.rawValue), .text(token.name), .text(hash),
                .text(token.prefix), .integer(token.createdMs), token.expiresMs.map { .integer($0) } ?? .null,
            ], duplicateField: "token")
    }

    func tokenCandidates(prefix: String) async throws -> [(record: TokenRecord, hash: String)] {
        try connection.rows(
            """
            SELECT t.id, t.tenant_id, n.name, t.kind, t.name, t.prefix, t.created_ms, t.expires_ms, t.revoked_ms,
                t.last_used_ms, t.hash
            FROM tokens t JOIN tenants n ON n.id = t.tenant_id WHERE t.prefix = ?
            """, [.text(prefix)]
        ).map { (Self.token($0), $0.string(10)) }
    }

    func tokens(tenantID: Int64?) async throws -> [TokenRecord] {
        if let tenantID {
            return try connection.rows(
                "SELECT \(Self.tokenColumns) WHERE t.tenant_id = ? ORDER BY t.created_ms", [.integer(tenantID)]
            ).map(Self.token)
        }
        return try connection.rows("SELECT \(Self.tokenColumns) ORDER BY n.name, t.created_ms").map(Self.token)
    }

    func revokeToken(id: String, nowMs: Int64) async throws -> Bool {
        try change(
            "UPDATE tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL", [.integer(nowMs), .text(id)]) > 0
    }

    func markTokenUsed(id: String, nowMs: Int64) async throws {
        try change("UPDATE tokens SET last_used_ms = ? WHERE id = ?", [.integer(nowMs), .text(id)])
    }
}
