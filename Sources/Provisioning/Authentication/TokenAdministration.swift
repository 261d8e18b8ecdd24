import Foundation
import Store

/// Issuing, listing and revoking bearer tokens.
public final class TokenAdministration: Sendable {
    let store: any ProvisioningStore
    let clock: ProvisioningClock
    let tenants: TenantService
    let authenticator: TokenAuthenticator

    init(store: any ProvisioningStore, clock: ProvisioningClock, tenants: TenantService, authenticator: TokenAuthenticator) {
        self.store = store
        self.clock = clock
        self.tenants = tenants
        self.authenticator = authenticator
    }

    /// A newly issued token: the secret is only ever available here.
    public struct Issued: Sendable {
        public let record: TokenRecord
        public let secret: String
    }

    /// Issues a token for `tenantName`; `expiresInDays` nil means it never expires.
    public func createToken(
        tenantName: String = TenantService.defaultTenantName, name: String, kind: TokenKind = .scim, expiresInDays: Int? = nil
    ) async throws -> Issued {
        let label = name.trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, label.count <= 100 else {
            throw AdminError(.invalid, "A token name is required (1-100 characters), e.g. --name entra-prod.")
        }
        if let days = expiresInDays, !(1...36_500).contains(days) {
            throw AdminError(.invalid, "--expires-in-days must be a number of days from 1 to 36500.")
        }
        let tenant = try await tenants.tenant(named: tenantName)
        let secret = TokenSecret.generate()
        let now = clock.nowMs()
        let record = TokenRecord(
            id: UUID().uuidString.lowercased(), tenantID: tenant.id, tenantName: tenant.name, kind: kind, name: label,
            prefix: TokenSecret.publicPrefix(of: secret), createdMs: now,
            expiresMs: expiresInDays.map { now + Int64($0) * 86_400_000 })
        try await store.write { try await $0.insertToken(record, hash: TokenSecret.hash(secret)) }
        return Issued(record: record, secret: secret)
    }

    /// Tokens of one tenant, or of every tenant when `tenantName` is nil.
    public func tokens(tenantName: String?) async throws -> [TokenRecord] {
        var tenantID: Int64?
        if let tenantName { tenantID = try await tenants.tenant(named: tenantName).id }
        return try await store.read { [tenantID] in try await $0.tokens(tenantID: tenantID) }
    }

    /// Revokes a token by id (or unique id prefix), within `tenant` when given.
    public func revokeToken(id: String, tenant: TenantRecord? = nil) async throws -> TokenRecord {
        let matches = try await store.read { try await $0.tokens(tenantID: tenant?.id) }.filter { $0.id.hasPrefix(id.lowercased()) }
        guard !id.isEmpty, matches.count == 1, let token = matches.first else {
            throw AdminError(
                .notFound,
                matches.count > 1 && !id.isEmpty
                    ? "'\(id)' matches \(matches.count) tokens; give more of the id."
                    : "No token with id '\(id)'; run `scimctl tokens list` to see ids.")
        }
        guard try await store.write({ try await $0.revokeToken(id: token.id, nowMs: clock.nowMs()) }) else {
            throw AdminError(.conflict, "Token \(token.id) is already revoked.")
        }
        authenticator.forget(tokenID: token.id)
        var revoked = token
        revoked.revokedMs = clock.nowMs()
        return revoked
    }
}
