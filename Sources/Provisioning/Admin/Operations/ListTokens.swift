/// Tokens of one tenant, or of all tenants for the operator; never their secrets.
public struct ListTokens: AdminOperation {
    public var tenant: String?
    public init(tenant: String?) { self.tenant = tenant }

    public func perform(_ context: AdminContext) async throws -> [TokenSummary] {
        let now = context.services.clock.nowMs()
        return try await context.services.tokenAdministration.tokens(tenantName: tenant ?? context.tenant?.name)
            .map { TokenSummary($0, nowMs: now) }
    }
}
