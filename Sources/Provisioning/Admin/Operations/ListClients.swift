/// OAuth clients of one tenant, or of all tenants for the operator; never their secrets.
public struct ListClients: AdminOperation {
    public var tenant: String?
    public init(tenant: String?) { self.tenant = tenant }

    public func perform(_ context: AdminContext) async throws -> [ClientSummary] {
        let now = context.services.clock.nowMs()
        return try await context.services.oauth.clients(tenantName: tenant ?? context.tenant?.name).map { ClientSummary($0, nowMs: now) }
    }
}
