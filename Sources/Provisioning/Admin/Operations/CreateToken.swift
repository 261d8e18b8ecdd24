import Store

/// Issues a bearer token; the result is the only place its secret ever appears.
public struct CreateToken: AdminOperation, Decodable {
    /// The tenant it belongs to: the caller's when acting in one, else `default`.
    public var tenant: String?
    public var name: String
    public var kind: TokenKind
    /// Nil: the token never expires.
    public var expiresInDays: Int?

    public init(tenant: String?, name: String, kind: TokenKind = .scim, expiresInDays: Int? = nil) {
        self.tenant = tenant
        self.name = name
        self.kind = kind
        self.expiresInDays = expiresInDays
    }

    public func perform(_ context: AdminContext) async throws -> IssuedToken {
        let tenants = context.services.tenants
        // A fresh database has no tenant yet: the first token goes to `default`.
        _ = try await tenants.ensureDefaultTenant()
        let tenantName = tenant ?? context.tenant?.name ?? TenantService.defaultTenantName
        let issued = try await context.services.tokenAdministration.createToken(
            tenantName: tenantName, name: name, kind: kind, expiresInDays: expiresInDays)
        return IssuedToken(
            id: issued.record.id, tenant: issued.record.tenantName, kind: issued.record.kind, name: issued.record.name,
            token: issued.secret, expires: AdminTime.text(issued.record.expiresMs))
    }
}
