/// Deletes a role; users holding it through a mapping get "Unable to update user's role"
/// errors. Mappings that name it stay, so creating it again re-applies them.
public struct DeleteRole: AdminOperation {
    public var name: String
    public init(name: String) { self.name = name }

    public func perform(_ context: AdminContext) async throws -> RoleSummary {
        RoleSummary(try await context.services.mappings.deleteRole(name: name, info: try context.requestInfo()))
    }
}
