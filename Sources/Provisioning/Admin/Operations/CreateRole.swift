/// Creates a role; users of groups mapped to its name get it at once, and their pending
/// "Unable to update user's role" errors resolve.
public struct CreateRole: AdminOperation, Decodable {
    public var name: String
    public var description: String?

    public init(name: String, description: String? = nil) {
        self.name = name
        self.description = description
    }

    public func perform(_ context: AdminContext) async throws -> RoleSummary {
        RoleSummary(try await context.services.mappings.createRole(name: name, description: description, info: try context.requestInfo()))
    }
}
