/// The tenant's role catalogue.
public struct ListRoles: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> [RoleSummary] {
        try await context.services.mappings.roles(tenant: try context.requireTenant()).map(RoleSummary.init)
    }
}
