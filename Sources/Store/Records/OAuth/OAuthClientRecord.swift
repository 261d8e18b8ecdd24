/// An OAuth 2.0 client (RFC 6749 §2) of one tenant, for the client credentials grant (§4.4).
/// Its secrets are kept apart (`OAuthClientSecretRecord`), so several are valid at once while
/// an identity provider rotates them.
public struct OAuthClientRecord: Sendable, Hashable {
    /// The client identifier (RFC 6749 §2.2), a lower-case UUID.
    public var id: String
    public var tenantID: Int64
    public var tenantName: String
    /// A label, e.g. `entra-prod`; the sync log names it as the client.
    public var name: String
    /// Lifetime of the access tokens issued to it, in seconds (3600...21600).
    public var tokenLifetimeSeconds: Int
    public var createdMs: Int64
    /// Set once: a revoked client gets no token, and the tokens it holds stop verifying.
    public var revokedMs: Int64?
    /// When it last obtained an access token.
    public var lastTokenMs: Int64?

    public init(
        id: String, tenantID: Int64, tenantName: String, name: String, tokenLifetimeSeconds: Int, createdMs: Int64,
        revokedMs: Int64? = nil, lastTokenMs: Int64? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.tenantName = tenantName
        self.name = name
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        self.createdMs = createdMs
        self.revokedMs = revokedMs
        self.lastTokenMs = lastTokenMs
    }
}
