import Store

/// The tenant at a glance for the last 24 hours: ShowReport's counts and failure rate (its
/// failures are the failed SCIM writes), and each identity-provider credential with its last sync.
public struct ShowOverview: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> TenantOverview {
        _ = try context.requireTenant()
        let report = try await ShowReport(since: "24h").perform(context)
        var credentials: [TenantOverview.Credential] = []
        for token in try await ListTokens(tenant: nil).perform(context) where token.kind == .scim {
            credentials.append(.init(kind: "token", name: token.name, identifier: token.prefix, state: token.state.rawValue, lastSync: token.lastUsed))
        }
        for client in try await ListClients(tenant: nil).perform(context) {
            credentials.append(
                .init(kind: "oauth-client", name: client.name, identifier: client.clientID, state: client.state.rawValue, lastSync: client.lastToken))
        }
        return TenantOverview(report: report, credentials: credentials, tenantURL: context.baseURL)
    }
}
