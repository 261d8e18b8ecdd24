/// Creates an organization, optionally under a parent; pending "Unable to move existing user
/// to an organization" errors for its name resolve at once.
public struct CreateOrganization: AdminOperation, Decodable {
    public var name: String
    public var parent: String?

    public init(name: String, parent: String? = nil) {
        self.name = name
        self.parent = parent
    }

    public func perform(_ context: AdminContext) async throws -> OrganizationSummary {
        let info = try context.requestInfo()
        let created = try await context.services.mappings.createOrganization(name: name, parent: parent, info: info)
        let all = OrganizationSummary.tree(try await context.services.mappings.organizations(tenant: info.tenant))
        guard let summary = all.first(where: { $0.id == created.id }) else {
            throw AdminError(.notFound, "Organization '\(created.name)' was deleted by a concurrent change.")
        }
        return summary
    }
}
