/// One secret of an OAuth client, as stored: the secret itself is never kept, only its hash.
public struct OAuthClientSecretRecord: Sendable, Hashable {
    public var id: String
    public var clientID: String
    /// The first characters of the secret, so an operator can tell secrets apart.
    public var prefix: String
    public var createdMs: Int64
    /// Nil: valid until retired.
    public var expiresMs: Int64?
    /// Set when the operator retires it; it then authenticates nothing.
    public var retiredMs: Int64?
    public var lastUsedMs: Int64?

    public init(
        id: String, clientID: String, prefix: String, createdMs: Int64, expiresMs: Int64? = nil, retiredMs: Int64? = nil,
        lastUsedMs: Int64? = nil
    ) {
        self.id = id
        self.clientID = clientID
        self.prefix = prefix
        self.createdMs = createdMs
        self.expiresMs = expiresMs
        self.retiredMs = retiredMs
        self.lastUsedMs = lastUsedMs
    }

    /// True when it may authenticate its client at `nowMs`.
    public func isUsable(nowMs: Int64) -> Bool {
        retiredMs == nil && (expiresMs.map { $0 > nowMs } ?? true)
    }
}
