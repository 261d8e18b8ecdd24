/// Deletes an organization; its children move up one level, and its users get "Unable to move
/// existing user to an organization" errors until it exists again.
public struct DeleteOrganization: AdminOperation {
    public var name: String
    public init(name: String) { self.name = name }

    public func perform(_ context: AdminContext) async throws -> Done {
        _ = try await context.services.mappings.deleteOrganization(name: name, info: try context.requestInfo())
        return Done()
    }
}
