import Store

/// A bearer token as listed: never its secret.
public struct TokenSummary: Encodable, Sendable, Equatable {
    public enum State: String, Encodable, Sendable { case active, expired, revoked }
    public var id: String
    public var tenant: String
    public var kind: TokenKind
    public var name: String
    /// The secret's first characters, so an operator can tell tokens apart.
    public var prefix: String
    public var created: String
    public var expires: String?
    public var revoked: String?
    public var lastUsed: String?
    public var state: State

    init(_ record: TokenRecord, nowMs: Int64) {
        id = record.id
        tenant = record.tenantName
        kind = record.kind
        name = record.name
        prefix = record.prefix
        created = AdminTime.text(record.createdMs)
        expires = AdminTime.text(record.expiresMs)
        revoked = AdminTime.text(record.revokedMs)
        lastUsed = AdminTime.text(record.lastUsedMs)
        if record.revokedMs != nil {
            state = .revoked
        } else if let expiresMs = record.expiresMs, expiresMs <= nowMs {
            state = .expired
        } else {
            state = .active
        }
    }
}
