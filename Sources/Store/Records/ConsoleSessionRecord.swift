/// A signed-in console session as stored. The session id itself is never kept, only its
/// SHA-256 hash (as for tokens), so a copy of the database signs nobody in.
public struct ConsoleSessionRecord: Sendable, Hashable {
    /// The tenant the session shows: the credential's own, or the one an operator switched to.
    public var tenantID: Int64
    public var tenantName: String
    /// Who acts, as the sync log records it: `console:<token name>`, `console:operator:<token
    /// name>` or `console:<client id>`.
    public var client: String
    /// What the session signed in with; the session lasts only while that stays valid.
    public var credential: ConsoleCredential
    /// The per-session secret every form of the session carries (the CSRF token).
    public var csrfSecret: String
    public var createdMs: Int64
    /// The session ends when it is left unused until then (moved forward as it is used).
    public var idleExpiresMs: Int64
    /// The session ends then whatever its use: an absolute lifetime.
    public var expiresMs: Int64

    public init(
        tenantID: Int64, tenantName: String, client: String, credential: ConsoleCredential, csrfSecret: String, createdMs: Int64,
        idleExpiresMs: Int64, expiresMs: Int64
    ) {
        self.tenantID = tenantID
        self.tenantName = tenantName
        self.client = client
        self.credential = credential
        self.csrfSecret = csrfSecret
        self.createdMs = createdMs
        self.idleExpiresMs = idleExpiresMs
        self.expiresMs = expiresMs
    }

    /// Whether the session is still valid at `nowMs` (neither idle nor absolute expiry reached).
    public func isLive(nowMs: Int64) -> Bool { nowMs < idleExpiresMs && nowMs < expiresMs }

    /// Whether the session may show another tenant than the one it started in.
    public var mayChooseTenant: Bool { credential.kind == .operatorToken }
}

/// The credential a console session signed in with, by kind and id (never its secret), so each
/// request can check it is still valid: a revoked token or client ends its sessions at once.
public struct ConsoleCredential: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A tenant admin token (`TokenRecord.id`).
        case adminToken = "admin-token"
        /// An operator token (`TokenRecord.id`): the session may switch tenants.
        case operatorToken = "operator-token"
        /// An OAuth client of the tenant (`OAuthClientRecord.id`).
        case client
    }
    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }
}
