/// OAuth 2.0 clients and their secrets (RFC 6749 §2.3.1). Secrets are stored hashed, like
/// bearer tokens, so a copy of the database grants no access.
///
/// Contract: client ids and secret ids are unique (`StoreError.duplicate(field: "client")`);
/// a client's name is unique within its tenant case-insensitively
/// (`StoreError.duplicate(field: "name")`). `revokeOAuthClient` reports true only for the call
/// that revoked. Lookups of a client whose tenant is gone return nil.
public protocol OAuthClientStore {
    func insertOAuthClient(_ client: OAuthClientRecord) async throws
    /// The client with this id, or nil.
    func oauthClient(id: String) async throws -> OAuthClientRecord?
    /// A tenant's clients in creation order, or every client (nil) ordered by tenant name.
    func oauthClients(tenantID: Int64?) async throws -> [OAuthClientRecord]
    /// Marks the client revoked; false when it is absent or already revoked.
    func revokeOAuthClient(id: String, nowMs: Int64) async throws -> Bool
    /// Records when the client last obtained a token; an absent client is not an error.
    func markOAuthClientIssued(id: String, nowMs: Int64) async throws

    func insertClientSecret(_ secret: OAuthClientSecretRecord, hash: String) async throws
    /// A client's secrets in creation order with their stored hashes, retired and expired included.
    func clientSecrets(clientID: String) async throws -> [(record: OAuthClientSecretRecord, hash: String)]
    /// Retires the listed secrets that are not retired yet; returns how many it retired.
    func retireClientSecrets(ids: [String], nowMs: Int64) async throws -> Int
    /// Records the last use of a secret; an absent secret is not an error.
    func markClientSecretUsed(id: String, nowMs: Int64) async throws
}
