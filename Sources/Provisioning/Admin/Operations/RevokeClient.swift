/// Revokes an OAuth client: no new tokens, and the tokens it holds stop verifying (within seconds
/// in other processes, see `OAuthService.revokeClient`).
public struct RevokeClient: AdminOperation {
    public var id: String
    public init(id: String) { self.id = id }

    public func perform(_ context: AdminContext) async throws -> ClientSummary {
        let oauth = context.services.oauth
        let client = try await oauth.revokeClient(id: id, tenant: context.tenant)
        let secrets = try await context.services.store.read { try await $0.clientSecrets(clientID: client.id).map(\.record) }
        return ClientSummary(OAuthService.ClientState(client: client, secrets: secrets), nowMs: context.services.clock.nowMs())
    }
}
