import Store

/// Retires the older secrets of an OAuth client after a rotation; the newest is always kept.
public struct RetireClientSecrets: AdminOperation {
    public var id: String
    /// Retire the secrets created before this moment: a date (2026-11-23), an RFC 3339
    /// timestamp, or a duration back from now (24h, 7d).
    public var secretBefore: String?
    /// Retire every secret but the newest.
    public var allButNewest: Bool

    public init(id: String, secretBefore: String? = nil, allButNewest: Bool = false) {
        self.id = id
        self.secretBefore = secretBefore
        self.allButNewest = allButNewest
    }

    public func perform(_ context: AdminContext) async throws -> ClientSummary {
        let selection: OAuthService.SecretSelection
        switch (secretBefore, allButNewest) {
        case (nil, true):
            selection = .allButNewest
        case (let text?, false):
            guard let ms = SyncLogQuery.time(text, nowMs: context.services.clock.nowMs()) else {
                throw AdminError(.invalid, "--secret-before must be a date like 2026-11-23, an RFC 3339 time, or a duration like 24h.")
            }
            selection = .createdBefore(ms)
        default:
            throw AdminError(.invalid, "Say which secrets to retire: --secret-before DATE or --all-but-newest (one of them).")
        }
        let result = try await context.services.oauth.retireSecrets(id: id, tenant: context.tenant, selection: selection)
        return ClientSummary(result.state, nowMs: context.services.clock.nowMs())
    }
}
