/// The scope eligibility of every member of a group, found by id, displayName or externalId.
public struct DiagnoseGroup: AdminOperation {
    public var group: String
    public init(group: String) { self.group = group }

    public func perform(_ context: AdminContext) async throws -> GroupDiagnosis {
        try await GroupDiagnostics(services: context.services, tenant: try context.requireTenant()).diagnose(group)
    }
}
