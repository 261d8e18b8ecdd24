/// A bearer token as stored: the secret itself is never kept, only its hash.
public struct TokenRecord: Sendable, Hashable {
    public var id: String
    public var tenantID: Int64
    public var tenantName: String
    public var kind: TokenKind
    public var name: String
    /// The first characters of the secret, so an operator can tell tokens apart.
    public var prefix: String
    public var createdMs: Int64
    public var expiresMs: Int64?
    public var revokedMs: Int64?
    public var lastUsedMs: Int64?

    public init(
        id: String, tenantID: Int64, tenantName: String, kind: TokenKind, name: String, prefix: String,
        createdMs: Int64, expiresMs: Int64? = nil, revokedMs: Int64? = nil, lastUsedMs: Int64? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.tenantName = tenantName
        self.kind = kind
        self.name = name
        self.prefix = prefix
        self.createdMs = createdMs
        self.expiresMs = expiresMs
        self.revokedMs = revokedMs
        self.lastUsedMs = lastUsedMs
    }
}
