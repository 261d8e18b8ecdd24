extension SQLTransaction: SigningKeyStore {
    package func insertSigningKey(_ key: SigningKeyRecord) async throws {
        try await change(
            "INSERT INTO signing_keys(kid, algorithm, material, created_ms) VALUES (?1, ?2, ?3, ?4)",
            [.text(key.kid), .text(key.algorithm), .text(key.material), .integer(key.createdMs)], duplicateField: "kid")
    }

    package func signingKeys() async throws -> [SigningKeyRecord] {
        try await session.rows(
            "SELECT kid, algorithm, material, created_ms, retired_ms FROM signing_keys ORDER BY created_ms DESC, \(dialect.insertionOrder) DESC"
        ).map {
            try SigningKeyRecord(
                kid: $0.string(0), algorithm: $0.string(1), material: $0.string(2), createdMs: $0.int(3),
                retiredMs: $0.optionalInt(4))
        }
    }

    package func retireSigningKeys(except kid: String, nowMs: Int64) async throws -> Int {
        try await change(
            "UPDATE signing_keys SET retired_ms = ?1 WHERE kid <> ?2 AND retired_ms IS NULL", [.integer(nowMs), .text(kid)])
    }

    package func deleteSigningKeys(retiredBefore beforeMs: Int64) async throws -> Int {
        try await change("DELETE FROM signing_keys WHERE retired_ms IS NOT NULL AND retired_ms < ?1", [.integer(beforeMs)])
    }
}
