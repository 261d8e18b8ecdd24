/// Registers an OAuth client (RFC 6749 §2) for the client credentials grant, with its first secret.
public struct CreateClient: AdminOperation, Decodable {
    /// The tenant it belongs to: the caller's when acting in one, else `default`.
    public var tenant: String?
    public var name: String
    /// Seconds its access tokens live, 3600...21600; nil: 3600.
    public var tokenLifetime: Int?
    /// Nil: the secret is valid until retired.
    public var secretExpiresInDays: Int?

    public init(tenant: String?, name: String, tokenLifetime: Int? = nil, secretExpiresInDays: Int? = nil) {
        self.tenant = tenant
        self.name = name
        self.tokenLifetime = tokenLifetime
        self.secretExpiresInDays = secretExpiresInDays
    }

    public func perform(_ context: AdminContext) async throws -> IssuedClientSecret {
        // A fresh database has no tenant yet: the first client goes to `default`, as the first token does.
        _ = try await context.services.tenants.ensureDefaultTenant()
        let tenantName = tenant ?? context.tenant?.name ?? TenantService.defaultTenantName
        return IssuedClientSecret(
            try await context.services.oauth.createClient(
                tenantName: tenantName, name: name, tokenLifetimeSeconds: tokenLifetime, secretExpiresInDays: secretExpiresInDays))
    }
}
