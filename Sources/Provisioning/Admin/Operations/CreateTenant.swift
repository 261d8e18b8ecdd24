/// Creates a tenant; names are unique case-insensitively.
public struct CreateTenant: AdminOperation, Decodable {
    public var name: String
    public init(name: String) { self.name = name }

    public func perform(_ context: AdminContext) async throws -> TenantSummary {
        TenantSummary(try await context.services.tenants.createTenant(name: name))
    }
}
