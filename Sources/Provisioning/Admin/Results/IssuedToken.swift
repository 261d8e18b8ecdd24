import Store

/// A token just issued: the only result that carries the secret, which is never shown again.
public struct IssuedToken: Encodable, Sendable {
    public var id: String
    public var tenant: String
    public var kind: TokenKind
    public var name: String
    public var token: String
    public var expires: String?
}
