extension SQLiteTransaction: CursorKeyStore {
    func cursorKey() async throws -> String? {
        try connection.row("SELECT material FROM cursor_keys WHERE id = 1")?.string(0)
    }

    func ensureCursorKey(material: String, nowMs: Int64) async throws -> String {
        try change(
            "INSERT OR IGNORE INTO cursor_keys(id, material, created_ms) VALUES (1, ?1, ?2)", [.text(material), .integer(nowMs)])
        guard let stored = try await cursorKey() else { throw StoreError.internalError("the cursor key was not stored") }
        return stored
    }
}
