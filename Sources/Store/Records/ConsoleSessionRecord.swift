/// A signed-in console session as stored. The session id itself is never kept, only its
/// SHA-256 hash (as for tokens), so a copy of the database signs nobody in.
public struct ConsoleSessionRecord: Sendable, Hashable {
    public var tenantID: Int64
    public var tenantName: String
    /// Who acts, as the sync log records it: `console:<token name>` or `console:<client id>`.
    public var client: String
    /// The per-session secret every form of the session carries (the CSRF token).
    public var csrfSecret: String
    public var createdMs: Int64
    /// The session ends when it is left unused until then (moved forward as it is used).
    public var idleExpiresMs: Int64
    /// The session ends then whatever its use: an absolute lifetime.
    public var expiresMs: Int64

    public init(
        tenantID: Int64, tenantName: String, client: String, csrfSecret: String, createdMs: Int64, idleExpiresMs: Int64,
        expiresMs: Int64
    ) {
        self.tenantID = tenantID
        self.tenantName = tenantName
        self.client = client
        self.csrfSecret = csrfSecret
        self.createdMs = createdMs
        self.idleExpiresMs = idleExpiresMs
        self.expiresMs = expiresMs
    }

    /// Whether the session is still valid at `nowMs` (neither idle nor absolute expiry reached).
    public func isLive(nowMs: Int64) -> Bool { nowMs < idleExpiresMs && nowMs < expiresMs }
}
