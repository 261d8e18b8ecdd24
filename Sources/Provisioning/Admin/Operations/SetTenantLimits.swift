import Store

/// Sets a tenant's `/scim/v2` request limits (`scimctl tenants set NAME --rate-limit …`);
/// operator only, like creating tenants.
public struct SetTenantLimits: AdminOperation {
    public var tenant: String
    public var limits: TenantRateLimits

    public init(tenant: String, limits: TenantRateLimits) {
        self.tenant = tenant
        self.limits = limits
    }

    public func perform(_ context: AdminContext) async throws -> TenantSummary {
        TenantSummary(try await context.services.tenants.setRateLimits(limits, tenantNamed: tenant, client: context.client))
    }
}
