/// A user's effective roles and organization, found by id, userName or externalId.
public struct ShowAssignment: AdminOperation {
    public var user: String
    public init(user: String) { self.user = user }

    public func perform(_ context: AdminContext) async throws -> UserAssignmentSummary {
        UserAssignmentSummary(try await context.services.mappings.assignment(of: user, tenant: try context.requireTenant()))
    }
}
