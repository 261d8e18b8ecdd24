/// The deployment's access-token signing keys (RFC 7515 `kid`).
///
/// Contract: a kid is unique (`StoreError.duplicate(field: "kid")`). `retireSigningKeys`
/// leaves the first retirement time of a key alone.
public protocol SigningKeyStore {
    func insertSigningKey(_ key: SigningKeyRecord) async throws
    /// Every key, newest first.
    func signingKeys() async throws -> [SigningKeyRecord]
    /// Retires every key except `kid` that is not retired yet; returns how many it retired.
    func retireSigningKeys(except kid: String, nowMs: Int64) async throws -> Int
    /// Deletes keys retired before `beforeMs` (their tokens have all expired); returns how many.
    func deleteSigningKeys(retiredBefore beforeMs: Int64) async throws -> Int
}
