import Foundation
import JWTKit
import Store
import Synchronization

/// OAuth 2.0 client credentials (RFC 6749 §4.4) for identity providers that no longer take a
/// long-lived bearer token (Entra's gallery): issuing signed access tokens at the token
/// endpoint, verifying them on every SCIM request, and administering clients and keys
/// (`OAuthService+Clients.swift`). See docs/oauth.md and docs/decisions/0008-oauth-access-tokens.md.
public final class OAuthService: Sendable {
    /// Access tokens live from one to six hours (what Entra accepts); one hour unless the client says otherwise.
    public static let lifetimeRange = 3600...21600
    public static let defaultLifetimeSeconds = 3600
    /// Clock skew tolerated on `exp` and `iat` between scimd processes.
    static let leewayMilliseconds: Int64 = 30_000
    /// The one scope scimd grants: the SCIM API of the client's tenant.
    public static let scope = "scim"
    /// How long a verified client's state is trusted without reading it again: revoking a
    /// client in another process (scimctl) stops its tokens within this time.
    static let clientCacheMilliseconds: Int64 = 5_000

    let store: any ProvisioningStore
    let clock: ProvisioningClock
    let tenants: TenantService
    let keys: SigningKeyRing
    private let clientCache = Mutex<[String: CachedClient]>([:])

    private struct CachedClient {
        var record: OAuthClientRecord?
        var checkedMs: Int64
    }

    init(store: any ProvisioningStore, clock: ProvisioningClock, tenants: TenantService) {
        self.store = store
        self.clock = clock
        self.tenants = tenants
        self.keys = SigningKeyRing(store: store, clock: clock)
    }

    // MARK: The token endpoint

    /// Answers a token request (RFC 6749 §4.4.2-§4.4.3), or throws the §5.2 error to send.
    public func issueToken(_ request: TokenRequest) async throws(OAuthError) -> AccessToken {
        // §4.4.2: grant_type MUST be client_credentials. The other grants RFC 6749 defines are
        // known but not for these clients (§5.2 unauthorized_client); anything else is unknown.
        if request.grantType != "client_credentials" {
            if ["authorization_code", "password", "refresh_token"].contains(request.grantType) {
                throw OAuthError(.unauthorizedClient, "scimd clients may use only grant_type=client_credentials")
            }
            throw OAuthError(.unsupportedGrantType, "grant_type must be client_credentials")
        }
        let client = try await authenticateClient(id: request.clientID, secret: request.clientSecret)
        try Self.checkScope(request.scope)
        // RFC 7519 §2 NumericDate: whole seconds, which every JWT reader takes.
        let now = clock.nowMs() / 1000 * 1000
        let lifetime = client.record.tokenLifetimeSeconds
        let claims = AccessTokenClaims(
            iss: IssuerClaim(value: request.issuer), sub: SubjectClaim(value: client.record.id),
            aud: AudienceClaim(value: [request.audience]), iat: IssuedAtClaim(value: Self.date(now)),
            exp: ExpirationClaim(value: Self.date(now + Int64(lifetime) * 1000)),
            jti: IDClaim(value: UUID().uuidString.lowercased()), tenant: client.record.tenantName,
            clientName: client.record.name, scope: Self.scope)
        let token: String
        do {
            let key = try await keys.signingKey()
            token = try await key.collection.sign(claims, kid: JWKIdentifier(string: key.record.kid))
        } catch {
            throw OAuthError(.temporarilyUnavailable, "the token could not be signed now; retry in a moment")
        }
        // Bookkeeping for `scimctl clients list` (which secret is still in use before retiring
        // the others). A busy database must not cost the client its token.
        let secretID = client.secretID
        _ = try? await store.write { tx in
            try await tx.markClientSecretUsed(id: secretID, nowMs: now)
            try await tx.markOAuthClientIssued(id: client.record.id, nowMs: now)
        }
        return AccessToken(accessToken: token, tokenType: "Bearer", expiresIn: lifetime, scope: Self.scope)
    }

    /// The client whose id and secret these are, and the secret that matched.
    func authenticateClient(id: String, secret: String) async throws(OAuthError) -> (record: OAuthClientRecord, secretID: String) {
        let unknown = OAuthError(.invalidClient, "unknown client or wrong secret")
        guard !id.isEmpty, id.utf8.count <= 100, secret.hasPrefix(ClientSecret.prefix), secret.utf8.count <= ClientSecret.maxLength else {
            throw unknown
        }
        let found: (OAuthClientRecord, [(record: OAuthClientSecretRecord, hash: String)])?
        do {
            found = try await store.read { tx in
                guard let client = try await tx.oauthClient(id: id.lowercased()) else { return nil }
                return (client, try await tx.clientSecrets(clientID: client.id))
            }
        } catch {
            throw OAuthError(.temporarilyUnavailable, "the client could not be checked now; retry in a moment")
        }
        guard let (client, secrets) = found else { throw unknown }
        let hash = TokenSecret.hash(secret)
        let now = clock.nowMs()
        // Every stored hash is compared, in constant time each, so timing tells nothing about which matched.
        var match: OAuthClientSecretRecord?
        for candidate in secrets where TokenSecret.constantTimeEquals(candidate.hash, hash) { match = candidate.record }
        guard let match, match.isUsable(nowMs: now) else { throw unknown }
        if client.revokedMs != nil { throw OAuthError(.invalidClient, "the client was revoked") }
        return (client, match.id)
    }

    /// RFC 6749 §3.3: space-separated scope tokens; scimd knows only `scim`, and no scope means it.
    static func checkScope(_ scope: String?) throws(OAuthError) {
        guard let scope else { return }
        let tokens = scope.split(separator: " ", omittingEmptySubsequences: true)
        for token in tokens where token != Self.scope {
            throw OAuthError(.invalidScope, "the only scope is scim")
        }
    }

    // MARK: Verifying access tokens

    /// The client an access token was issued to, as a token record the SCIM layer handles like a
    /// static token's; nil unless the signature, kid, lifetime, issuer, audience, tenant and
    /// client all check out. `audience` is the SCIM root the request came to.
    func verify(_ token: String, audience: String) async throws -> TokenRecord? {
        guard let header = JWTHeaderFields(token), header.alg == SigningKeyRing.algorithm, let kid = header.kid,
            let key = try await keys.verificationKey(kid: kid), key.record.algorithm == header.alg
        else { return nil }
        let now = clock.nowMs()
        // A retired key verifies only what it signed before retirement, which has expired by now + max lifetime.
        if let retired = key.record.retiredMs, now > retired + Int64(Self.lifetimeRange.upperBound) * 1000 + Self.leewayMilliseconds {
            return nil
        }
        guard let claims = try? await key.collection.verify(token, as: AccessTokenClaims.self) else { return nil }
        let expires = Self.milliseconds(claims.exp.value)
        guard expires + Self.leewayMilliseconds > now, Self.milliseconds(claims.iat.value) <= now + Self.leewayMilliseconds,
            claims.iss.value == Self.issuer(forAudience: audience), claims.aud.value.contains(audience),
            claims.scope.split(separator: " ").contains(Substring(Self.scope))
        else { return nil }
        guard let client = try await cachedClient(id: claims.sub.value, now: now), client.revokedMs == nil,
            client.tenantName.caseInsensitiveCompare(claims.tenant) == .orderedSame
        else { return nil }
        return TokenRecord(
            id: client.id, tenantID: client.tenantID, tenantName: client.tenantName, kind: .scim, name: client.name,
            prefix: "oauth", createdMs: client.createdMs, expiresMs: expires)
    }

    /// The issuer of tokens for a SCIM root: the root without `/scim/v2`, where the token endpoint
    /// and the RFC 8414 metadata live.
    public static func issuer(forAudience audience: String) -> String {
        let suffix = "/scim/v2"
        var issuer = audience
        while issuer.hasSuffix("/") { issuer.removeLast() }
        if issuer.hasSuffix(suffix) { issuer.removeLast(suffix.count) }
        return issuer
    }

    private func cachedClient(id: String, now: Int64) async throws -> OAuthClientRecord? {
        if let cached = clientCache.withLock({ $0[id] }), now - cached.checkedMs < Self.clientCacheMilliseconds {
            return cached.record
        }
        let record = try await store.read { try await $0.oauthClient(id: id) }
        clientCache.withLock { $0[id] = CachedClient(record: record, checkedMs: now) }
        return record
    }

    /// Forgets a client at once in this process (after a revocation here).
    func forget(clientID: String) {
        _ = clientCache.withLock { $0.removeValue(forKey: clientID) }
    }

    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}

/// The JOSE header fields scimd checks before it picks a key (RFC 7515 §4.1).
struct JWTHeaderFields: Decodable {
    var alg: String?
    var kid: String?

    /// Nil unless `token` is three base64url parts whose first decodes to a JSON object.
    init?(_ token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 4096, let data = Self.base64URL(parts[0]),
            let header = try? JSONDecoder().decode(Self.self, from: data)
        else { return nil }
        self = header
    }

    static func base64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
