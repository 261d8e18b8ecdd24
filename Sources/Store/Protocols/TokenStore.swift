/// Bearer tokens (RFC 6750). The secret itself is never stored, only its hash, so a copy of the
/// database grants no access.
///
/// Contract: token ids are unique, and so are hashes; inserting either twice throws
/// `StoreError.duplicate(field: "token")`. `revokeToken` is idempotent: it reports true only
/// for the call that revoked, and the first revocation time stays.
public protocol TokenStore {
    func insertToken(_ token: TokenRecord, hash: String) async throws
    /// Tokens whose public prefix is `prefix`, with their stored hashes, for a constant-time check.
    /// Revoked and expired tokens are included: the caller decides and says why.
    func tokenCandidates(prefix: String) async throws -> [(record: TokenRecord, hash: String)]
    /// The token with this id (revoked and expired ones too), or nil.
    func token(id: String) async throws -> TokenRecord?
    /// A tenant's tokens in creation order, or every token (nil) ordered by tenant name.
    func tokens(tenantID: Int64?) async throws -> [TokenRecord]
    /// Marks the token revoked; false when it is absent or already revoked.
    func revokeToken(id: String, nowMs: Int64) async throws -> Bool
    /// Records the last use; a token that is absent is not an error.
    func markTokenUsed(id: String, nowMs: Int64) async throws
}
