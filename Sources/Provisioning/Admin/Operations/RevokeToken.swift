/// Revokes a token by id or unique id prefix; clients using it get 401 from then on.
public struct RevokeToken: AdminOperation {
    public var id: String
    public init(id: String) { self.id = id }

    public func perform(_ context: AdminContext) async throws -> TokenSummary {
        let token = try await context.services.tokenAdministration.revokeToken(id: id, tenant: context.tenant)
        return TokenSummary(token, nowMs: context.services.clock.nowMs())
    }
}
