import Store

/// A group as the console's group page shows it: DiagnoseGroup's member and scope counts, and
/// the mappings that name the group (by displayName or externalId, as the engine matches them).
public struct ShowGroup: AdminOperation {
    public var group: String
    public init(group: String) { self.group = group }

    /// The diagnosis and the mappings that apply to the group.
    public struct Result: Encodable, Sendable {
        public var diagnosis: GroupDiagnosis
        public var mappings: [MappingSummary]
    }

    public func perform(_ context: AdminContext) async throws -> Result {
        let diagnosis = try await DiagnoseGroup(group: group).perform(context)
        let tenant = try context.requireTenant()
        let identity = GroupIdentity(seq: 0, displayName: diagnosis.group.displayName, externalID: diagnosis.group.externalId)
        let catalogue = try await MappingSummary.Catalogue.current(context.services.mappings, tenant: tenant)
        let mappings = try await context.services.mappings.mappings(tenant: tenant)
            .filter { $0.names(identity) }
            .map { MappingSummary($0, catalogue: catalogue) }
        return Result(diagnosis: diagnosis, mappings: mappings)
    }
}
