extension SQLTransaction: CursorKeyStore {
    package func cursorKey() async throws -> String? {
        try await session.row("SELECT material FROM cursor_keys WHERE id = 1")?.string(0)
    }

    package func ensureCursorKey(material: String, nowMs: Int64) async throws -> String {
        try await change(
            "INSERT INTO cursor_keys(id, material, created_ms) VALUES (1, ?1, ?2) ON CONFLICT DO NOTHING", [.text(material), .integer(nowMs)])
        guard let stored = try await cursorKey() else { throw StoreError.internalError("the cursor key was not stored") }
        return stored
    }
}
