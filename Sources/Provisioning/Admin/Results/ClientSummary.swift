import Store

/// An OAuth client as listed, with its secrets (never their text).
public struct ClientSummary: Encodable, Sendable, Equatable {
    public enum State: String, Encodable, Sendable { case active, revoked }
    /// One secret: its public prefix and whether it still authenticates.
    public struct Secret: Encodable, Sendable, Equatable {
        public enum State: String, Encodable, Sendable { case active, expired, retired }
        public var id: String
        public var prefix: String
        public var created: String
        public var expires: String?
        public var retired: String?
        public var lastUsed: String?
        public var state: State
    }

    public var clientID: String
    public var tenant: String
    public var name: String
    /// Seconds an access token issued to it lives.
    public var tokenLifetime: Int
    public var created: String
    public var revoked: String?
    public var lastToken: String?
    public var state: State
    /// Oldest first.
    public var secrets: [Secret]

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case tenant, name, tokenLifetime, created, revoked, lastToken, state, secrets
    }

    init(_ state: OAuthService.ClientState, nowMs: Int64) {
        let client = state.client
        clientID = client.id
        tenant = client.tenantName
        name = client.name
        tokenLifetime = client.tokenLifetimeSeconds
        created = AdminTime.text(client.createdMs)
        revoked = AdminTime.text(client.revokedMs)
        lastToken = AdminTime.text(client.lastTokenMs)
        self.state = client.revokedMs == nil ? .active : .revoked
        secrets = state.secrets.map { secret in
            Secret(
                id: secret.id, prefix: secret.prefix, created: AdminTime.text(secret.createdMs),
                expires: AdminTime.text(secret.expiresMs), retired: AdminTime.text(secret.retiredMs),
                lastUsed: AdminTime.text(secret.lastUsedMs),
                state: secret.retiredMs != nil ? .retired : (secret.isUsable(nowMs: nowMs) ? .active : .expired))
        }
    }
}
