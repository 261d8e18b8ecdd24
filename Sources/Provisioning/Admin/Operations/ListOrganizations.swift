/// The tenant's organizations in tree order, each with its parent and depth.
public struct ListOrganizations: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> [OrganizationSummary] {
        OrganizationSummary.tree(try await context.services.mappings.organizations(tenant: try context.requireTenant()))
    }
}
