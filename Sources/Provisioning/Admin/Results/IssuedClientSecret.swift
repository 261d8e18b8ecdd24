/// A client secret just issued (by `clients create` or `clients rotate`): the only result that
/// carries the secret, which is never shown again. `client_id` and `client_secret` are spelled
/// as RFC 6749 §2.3.1 names them, so the JSON reads like what an identity provider asks for.
public struct IssuedClientSecret: Encodable, Sendable {
    public var clientID: String
    public var clientSecret: String
    public var secretID: String
    public var name: String
    public var tenant: String
    public var tokenLifetime: Int
    public var secretExpires: String?

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case secretID = "secret_id"
        case name, tenant
        case tokenLifetime = "token_lifetime"
        case secretExpires = "secret_expires"
    }

    init(_ issued: OAuthService.IssuedSecret) {
        clientID = issued.client.id
        clientSecret = issued.secret
        secretID = issued.record.id
        name = issued.client.name
        tenant = issued.client.tenantName
        tokenLifetime = issued.client.tokenLifetimeSeconds
        secretExpires = AdminTime.text(issued.record.expiresMs)
    }
}
