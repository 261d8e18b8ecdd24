/// The tenant's group mappings, each saying whether its role or organization exists.
public struct ListMappings: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> [MappingSummary] {
        let tenant = try context.requireTenant()
        let mappings = context.services.mappings
        let catalogue = try await MappingSummary.Catalogue.current(mappings, tenant: tenant)
        return try await mappings.mappings(tenant: tenant).map { MappingSummary($0, catalogue: catalogue) }
    }
}
