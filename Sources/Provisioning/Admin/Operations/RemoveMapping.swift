/// Removes a mapping by id; its users lose what it granted, and its open errors close.
public struct RemoveMapping: AdminOperation {
    public var id: Int64
    public init(id: Int64) { self.id = id }

    public func perform(_ context: AdminContext) async throws -> MappingSummary {
        let info = try context.requestInfo()
        let removed = try await context.services.mappings.removeMapping(id: id, info: info)
        let mappings = context.services.mappings
        let catalogue = try await MappingSummary.Catalogue.current(mappings, tenant: info.tenant)
        return MappingSummary(removed, catalogue: catalogue)
    }
}
