/// A token request (RFC 6749 §4.4.2) after the HTTP layer has read the form and the client's
/// authentication (§2.3.1); the rules about what it may ask are `OAuthService`'s.
public struct TokenRequest: Sendable, Equatable {
    /// The client id and secret, from `client_secret_basic` or `client_secret_post`.
    public var clientID: String
    public var clientSecret: String
    public var grantType: String
    /// The `scope` parameter as sent (space-separated, RFC 6749 §3.3); nil when absent.
    public var scope: String?
    /// The issuer and audience the token is minted for: scimd's public root and its SCIM root.
    public var issuer: String
    public var audience: String

    public init(clientID: String, clientSecret: String, grantType: String, scope: String?, issuer: String, audience: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.grantType = grantType
        self.scope = scope
        self.issuer = issuer
        self.audience = audience
    }
}
