import Crypto
import Foundation
import Store

/// The console's sign-in and sessions: a tenant admin token, an operator token or an OAuth
/// client of the tenant is exchanged for a session, kept in the database (hashed) so every
/// scimd on one database knows it. The HTTP layer only carries the session id in a cookie;
/// every rule lives here.
public struct ConsoleSessions: Sendable {
    let services: ProvisioningServices
    /// A session left unused this long ends (OWASP Session Management: idle timeout).
    public var idleMilliseconds: Int64
    /// A session ends this long after sign-in whatever its use (absolute timeout).
    public var lifetimeMilliseconds: Int64

    public static let defaultIdleSeconds = 30 * 60
    public static let defaultLifetimeSeconds = 8 * 60 * 60
    /// Moving the idle expiry costs a write; not more often than this per session.
    static let touchIntervalMilliseconds: Int64 = 60_000

    public init(
        services: ProvisioningServices, idleSeconds: Int = Self.defaultIdleSeconds, lifetimeSeconds: Int = Self.defaultLifetimeSeconds
    ) {
        self.services = services
        self.idleMilliseconds = Int64(idleSeconds) * 1000
        self.lifetimeMilliseconds = Int64(lifetimeSeconds) * 1000
    }

    /// What the administrator signs in with.
    public enum Credentials: Sendable {
        /// A tenant admin token or an operator token (`scimctl tokens create --kind admin|operator`).
        case token(String)
        /// An OAuth client of the tenant (RFC 6749 §2.3.1 client id and secret).
        case client(id: String, secret: String)
    }

    /// A new session: `id` goes into the cookie and is shown nowhere else.
    public struct Issued: Sendable {
        public let id: String
        public let session: ConsoleSessionRecord
    }

    /// What a cookie's session id names.
    public enum Lookup: Sendable, Equatable {
        /// A live session (its idle expiry moved forward).
        case live(ConsoleSessionRecord)
        /// The session existed and has just ended (it is deleted), for the reason given.
        case ended(EndReason)
        /// No session: never issued, signed out, or pruned.
        case absent
    }

    /// Why a session ended by itself, so the sign-in page can say so.
    public enum EndReason: String, Sendable, Equatable {
        /// The idle or absolute expiry passed.
        case expired
        /// The token or client it signed in with was revoked, has expired, or is gone.
        case credentialRevoked = "revoked"

        /// One sentence for the sign-in page.
        public var message: String {
            switch self {
            case .expired:
                return "Your console session expired."
            case .credentialRevoked:
                return "Your console session ended because the token or client it signed in with was revoked or has expired."
            }
        }
    }

    /// Exchanges credentials for a session; nil when they are not valid (which half was wrong
    /// is not said). Throws only when the database cannot answer.
    public func signIn(_ credentials: Credentials) async throws(AdminError) -> Issued? {
        let tenantID: Int64
        let tenantName: String
        let client: String
        let credential: ConsoleCredential
        switch credentials {
        case .token(let secret):
            let token: TokenRecord?
            do {
                token = try await services.authenticator.authenticate(secret: secret, kinds: TokenKind.administering)
            } catch {
                throw AdminError.from(error)
            }
            guard let token else { return nil }
            (tenantID, tenantName, client) = (token.tenantID, token.tenantName, token.clientName(through: "console"))
            credential = ConsoleCredential(kind: token.kind == .operator ? .operatorToken : .adminToken, id: token.id)
        case .client(let id, let secret):
            do {
                let found = try await services.oauth.authenticateClient(id: id, secret: secret)
                (tenantID, tenantName, client) = (found.record.tenantID, found.record.tenantName, "console:\(found.record.id)")
                credential = ConsoleCredential(kind: .client, id: found.record.id)
            } catch {
                if error.code == .temporarilyUnavailable { throw AdminError(.unavailable, error.description) }
                return nil
            }
        }
        let now = services.clock.nowMs()
        let id = Self.randomSecret()
        let record = ConsoleSessionRecord(
            tenantID: tenantID, tenantName: tenantName, client: client, credential: credential, csrfSecret: Self.randomSecret(),
            createdMs: now, idleExpiresMs: now + min(idleMilliseconds, lifetimeMilliseconds), expiresMs: now + lifetimeMilliseconds)
        do {
            try await services.store.write { try await $0.insertConsoleSession(record, hash: TokenSecret.hash(id)) }
        } catch {
            throw AdminError.from(error)
        }
        return Issued(id: id, session: record)
    }

    /// The session a cookie names. A live one has its idle expiry moved forward; one that has
    /// expired, or whose credential was revoked (checked on every request, in the same read, so
    /// a revocation in any process ends the session at its next request), is deleted on the way.
    public func session(id: String) async throws(AdminError) -> Lookup {
        guard Self.isWellFormed(id) else { return .absent }
        let hash = TokenSecret.hash(id)
        let now = services.clock.nowMs()
        do {
            let found = try await services.store.read { tx -> (ConsoleSessionRecord, Bool)? in
                guard let record = try await tx.consoleSession(hash: hash) else { return nil }
                return (record, try await Self.credentialIsValid(record.credential, tenantID: record.tenantID, in: tx, nowMs: now))
            }
            guard let (found, credentialValid) = found else { return .absent }
            var record = found
            guard record.isLive(nowMs: now), credentialValid else {
                _ = try await services.store.write { try await $0.deleteConsoleSession(hash: hash) }
                return .ended(credentialValid ? .expired : .credentialRevoked)
            }
            let idle = now + idleMilliseconds
            if idle - record.idleExpiresMs >= Self.touchIntervalMilliseconds {
                try await services.store.write { try await $0.touchConsoleSession(hash: hash, idleExpiresMs: idle) }
                record.idleExpiresMs = min(idle, record.expiresMs)
            }
            return .live(record)
        } catch {
            throw AdminError.from(error)
        }
    }

    /// Whether the credential a session signed in with still admits it: the token neither
    /// revoked nor expired and still of its kind, or the client not revoked and still the
    /// session's tenant's (an operator's session may show any tenant).
    static func credentialIsValid(
        _ credential: ConsoleCredential, tenantID: Int64, in tx: any StoreTransaction, nowMs: Int64
    ) async throws -> Bool {
        switch credential.kind {
        case .adminToken, .operatorToken:
            guard let token = try await tx.token(id: credential.id), TokenAuthenticator.isValid(token, nowMs: nowMs) else { return false }
            return credential.kind == .operatorToken ? token.kind == .operator : token.kind == .admin && token.tenantID == tenantID
        case .client:
            guard let client = try await tx.oauthClient(id: credential.id) else { return false }
            return client.revokedMs == nil && client.tenantID == tenantID
        }
    }

    /// The tenants an operator's session may switch to, by name; empty for any other session.
    public func tenantChoices(for session: ConsoleSessionRecord) async throws(AdminError) -> [String] {
        guard session.mayChooseTenant else { return [] }
        do {
            return try await services.tenants.tenants().map(\.name)
        } catch {
            throw AdminError.from(error)
        }
    }

    /// Moves an operator's session to the tenant named `tenantName`; the session keeps its id,
    /// client and expiries, and its pages show the new tenant from the next request on.
    public func switchTenant(
        sessionID id: String, session: ConsoleSessionRecord, to tenantName: String
    ) async throws(AdminError) -> ConsoleSessionRecord {
        guard session.mayChooseTenant else {
            throw AdminError(.forbidden, "Only a session signed in with an operator token may switch tenants.")
        }
        do {
            let tenant = try await services.tenants.tenant(named: tenantName)
            guard try await services.store.write({ try await $0.setConsoleSessionTenant(hash: TokenSecret.hash(id), tenantID: tenant.id) })
            else {
                throw AdminError(.notFound, "The session or the tenant '\(tenantName)' is gone; sign in again.")
            }
            var moved = session
            (moved.tenantID, moved.tenantName) = (tenant.id, tenant.name)
            return moved
        } catch {
            throw AdminError.from(error)
        }
    }

    /// Ends the session a cookie names (sign-out); an unknown id is not an error.
    public func signOut(id: String) async throws(AdminError) {
        guard Self.isWellFormed(id) else { return }
        do {
            _ = try await services.store.write { try await $0.deleteConsoleSession(hash: TokenSecret.hash(id)) }
        } catch {
            throw AdminError.from(error)
        }
    }

    /// Deletes every expired session; returns how many (the pruner's schedule).
    public func prune() async throws -> Int {
        let now = services.clock.nowMs()
        return try await services.store.write { try await $0.pruneConsoleSessions(nowMs: now) }
    }

    /// The context the console's operations run in: the session's tenant, its client name.
    public func adminContext(
        _ session: ConsoleSessionRecord, correlationID: String, sourceAddress: String?, baseURL: String
    ) -> AdminContext {
        AdminContext(
            services: services, tenant: TenantRecord(id: session.tenantID, name: session.tenantName, createdMs: 0),
            client: session.client, correlationID: correlationID, sourceAddress: sourceAddress, baseURL: baseURL)
    }

    /// 32 random bytes, base64url without padding (256 bits).
    public static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Ids are 43 base64url characters; anything else is refused before hashing.
    static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 43 && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d || $0 == 0x5f }
    }
}
