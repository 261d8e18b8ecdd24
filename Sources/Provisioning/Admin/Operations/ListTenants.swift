/// Every tenant, in creation order.
public struct ListTenants: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> [TenantSummary] {
        try await context.services.tenants.tenants().map(TenantSummary.init)
    }
}
