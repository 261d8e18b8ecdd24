/// One User or Group found by id, userName/displayName or externalId; a user comes with the
/// roles and organization scimd computed for it.
public struct ShowResource: AdminOperation {
    public var kind: ResourceKind
    /// An id, a name (userName or displayName, case-insensitively) or an externalId.
    public var key: String

    public init(kind: ResourceKind, key: String) {
        self.kind = kind
        self.key = key
    }

    public func perform(_ context: AdminContext) async throws -> ResourceDetail {
        let info = try context.requestInfo()
        guard let resource = try await context.services.resources.find(kind, key: key, info: info) else {
            throw ResourceLookup.notFound(kind, key: key, tenant: info.tenant)
        }
        var assignment: UserAssignmentSummary?
        if kind == .user, let id = resource.object["id"]?.stringValue {
            assignment = UserAssignmentSummary(try await context.services.mappings.assignment(of: id, tenant: info.tenant))
        }
        return ResourceDetail(resource: .object(resource.object), assignment: assignment)
    }
}
