/// The tenant's open mapping errors, newest first.
public struct ListMappingErrors: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> [MappingErrorSummary] {
        try await context.services.mappings.openErrors(tenant: try context.requireTenant()).map(MappingErrorSummary.init)
    }
}
