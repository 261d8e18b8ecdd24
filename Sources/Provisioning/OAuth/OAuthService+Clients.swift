import Foundation
import Store

extension OAuthService {
    /// A client and its secrets, as administered.
    public struct ClientState: Sendable {
        public let client: OAuthClientRecord
        public let secrets: [OAuthClientSecretRecord]
    }

    /// A secret just issued: the secret text is only ever available here.
    public struct IssuedSecret: Sendable {
        public let client: OAuthClientRecord
        public let record: OAuthClientSecretRecord
        public let secret: String
    }

    /// Which secrets `retireSecrets` retires.
    public enum SecretSelection: Sendable, Equatable {
        /// Those created before this time (epoch milliseconds).
        case createdBefore(Int64)
        /// Every usable one but the newest.
        case allButNewest
    }

    /// Registers a client in `tenantName` with a first secret.
    public func createClient(
        tenantName: String, name: String, tokenLifetimeSeconds: Int? = nil, secretExpiresInDays: Int? = nil
    ) async throws -> IssuedSecret {
        let label = name.trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, label.count <= 100 else {
            throw AdminError(.invalid, "A client name is required (1-100 characters), e.g. --name entra-prod.")
        }
        let lifetime = tokenLifetimeSeconds ?? Self.defaultLifetimeSeconds
        guard Self.lifetimeRange.contains(lifetime) else {
            throw AdminError(.invalid, "--token-lifetime must be a number of seconds from 3600 to 21600 (1 to 6 hours).")
        }
        try Self.checkExpiry(secretExpiresInDays)
        let tenant = try await tenants.tenant(named: tenantName)
        let now = clock.nowMs()
        let client = OAuthClientRecord(
            id: UUID().uuidString.lowercased(), tenantID: tenant.id, tenantName: tenant.name, name: label,
            tokenLifetimeSeconds: lifetime, createdMs: now)
        let (record, secret) = Self.newSecret(clientID: client.id, nowMs: now, expiresInDays: secretExpiresInDays)
        do {
            try await store.write { tx in
                try await tx.insertOAuthClient(client)
                try await tx.insertClientSecret(record, hash: TokenSecret.hash(secret))
            }
        } catch StoreError.duplicate(field: "name") {
            throw AdminError(.conflict, "Tenant '\(tenant.name)' already has a client named '\(label)'; pick another --name.")
        }
        return IssuedSecret(client: client, record: record, secret: secret)
    }

    /// Clients of one tenant, or of every tenant when `tenantName` is nil, with their secrets.
    public func clients(tenantName: String?) async throws -> [ClientState] {
        var tenantID: Int64?
        if let tenantName { tenantID = try await tenants.tenant(named: tenantName).id }
        return try await store.read { [tenantID] tx in
            var states: [ClientState] = []
            for client in try await tx.oauthClients(tenantID: tenantID) {
                states.append(ClientState(client: client, secrets: try await tx.clientSecrets(clientID: client.id).map(\.record)))
            }
            return states
        }
    }

    /// Adds a secret to a client; the older ones stay valid until retired or expired, so the
    /// identity provider can switch over without a failed request.
    public func rotateSecret(id: String, tenant: TenantRecord? = nil, expiresInDays: Int? = nil) async throws -> IssuedSecret {
        try Self.checkExpiry(expiresInDays)
        let client = try await findClient(id: id, tenant: tenant)
        guard client.revokedMs == nil else {
            throw AdminError(.conflict, "Client \(client.id) is revoked; create a new one with `scimctl clients create`.")
        }
        let (record, secret) = Self.newSecret(clientID: client.id, nowMs: clock.nowMs(), expiresInDays: expiresInDays)
        try await store.write { try await $0.insertClientSecret(record, hash: TokenSecret.hash(secret)) }
        return IssuedSecret(client: client, record: record, secret: secret)
    }

    /// Retires the selected secrets of a client; the newest usable secret is never retired this
    /// way (revoke the client to stop it altogether). Returns the client's state afterwards and
    /// how many secrets were retired.
    public func retireSecrets(id: String, tenant: TenantRecord? = nil, selection: SecretSelection) async throws
        -> (state: ClientState, retired: Int)
    {
        let client = try await findClient(id: id, tenant: tenant)
        let now = clock.nowMs()
        let retired = try await store.write { tx -> Int in
            let usable = try await tx.clientSecrets(clientID: client.id).map(\.record).filter { $0.isUsable(nowMs: now) }
            guard let newest = usable.last else { return 0 }
            let chosen: [OAuthClientSecretRecord]
            switch selection {
            case .allButNewest: chosen = usable.dropLast()
            case .createdBefore(let ms): chosen = usable.filter { $0.createdMs < ms && $0.id != newest.id }
            }
            return try await tx.retireClientSecrets(ids: chosen.map(\.id), nowMs: now)
        }
        let secrets = try await store.read { try await $0.clientSecrets(clientID: client.id).map(\.record) }
        return (ClientState(client: client, secrets: secrets), retired)
    }

    /// Revokes a client: the token endpoint refuses it at once, and its access tokens stop
    /// verifying at once in this process and within `clientCacheMilliseconds` in any other.
    public func revokeClient(id: String, tenant: TenantRecord? = nil) async throws -> OAuthClientRecord {
        var client = try await findClient(id: id, tenant: tenant)
        let now = clock.nowMs()
        guard try await store.write({ try await $0.revokeOAuthClient(id: client.id, nowMs: now) }) else {
            throw AdminError(.conflict, "Client \(client.id) is already revoked.")
        }
        forget(clientID: client.id)
        client.revokedMs = now
        return client
    }

    /// Starts signing with a new key; tokens signed by the old ones stay valid until they expire.
    public func rotateSigningKey() async throws -> SigningKeyRecord {
        try await keys.rotate(maxLifetimeMilliseconds: Int64(Self.lifetimeRange.upperBound) * 1000)
    }

    /// The deployment's signing keys, newest first (never their material outside this module).
    public func signingKeys() async throws -> [SigningKeyRecord] {
        try await keys.records()
    }

    // MARK: Helpers

    /// A client by id or unique id prefix, within `tenant` when given.
    func findClient(id: String, tenant: TenantRecord?) async throws -> OAuthClientRecord {
        let wanted = id.lowercased()
        let matches = try await store.read { try await $0.oauthClients(tenantID: tenant?.id) }.filter { $0.id.hasPrefix(wanted) }
        guard !id.isEmpty, matches.count == 1, let client = matches.first else {
            throw AdminError(
                .notFound,
                matches.count > 1 && !id.isEmpty
                    ? "'\(id)' matches \(matches.count) clients; give more of the id."
                    : "No OAuth client with id '\(id)'; run `scimctl clients list` to see ids.")
        }
        return client
    }

    private static func checkExpiry(_ days: Int?) throws {
        if let days, !(1...36_500).contains(days) {
            throw AdminError(.invalid, "--secret-expires-in-days must be a number of days from 1 to 36500.")
        }
    }

    private static func newSecret(clientID: String, nowMs: Int64, expiresInDays: Int?) -> (OAuthClientSecretRecord, String) {
        let secret = ClientSecret.generate()
        let record = OAuthClientSecretRecord(
            id: UUID().uuidString.lowercased(), clientID: clientID, prefix: ClientSecret.publicPrefix(of: secret),
            createdMs: nowMs, expiresMs: expiresInDays.map { nowMs + Int64($0) * 86_400_000 })
        return (record, secret)
    }
}
