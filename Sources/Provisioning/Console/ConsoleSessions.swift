import Crypto
import Foundation
import Store

/// The console's sign-in and sessions: a tenant admin token or an OAuth client of the tenant is
/// exchanged for a session, kept in the database (hashed) so every scimd on one database knows
/// it. The HTTP layer only carries the session id in a cookie; every rule lives here.
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
        /// A tenant admin token (`scimctl tokens create --kind admin`).
        case adminToken(String)
        /// An OAuth client of the tenant (RFC 6749 §2.3.1 client id and secret).
        case client(id: String, secret: String)
    }

    /// A new session: `id` goes into the cookie and is shown nowhere else.
    public struct Issued: Sendable {
        public let id: String
        public let session: ConsoleSessionRecord
    }

    /// Exchanges credentials for a session; nil when they are not valid (which half was wrong
    /// is not said). Throws only when the database cannot answer.
    public func signIn(_ credentials: Credentials) async throws(AdminError) -> Issued? {
        let tenantID: Int64
        let tenantName: String
        let client: String
        switch credentials {
        case .adminToken(let secret):
            let token: TokenRecord?
            do {
                token = try await services.authenticator.authenticate(secret: secret, kind: .admin)
            } catch {
                throw AdminError.from(error)
            }
            guard let token else { return nil }
            (tenantID, tenantName, client) = (token.tenantID, token.tenantName, "console:\(token.name)")
        case .client(let id, let secret):
            do {
                let found = try await services.oauth.authenticateClient(id: id, secret: secret)
                (tenantID, tenantName, client) = (found.record.tenantID, found.record.tenantName, "console:\(found.record.id)")
            } catch {
                if error.code == .temporarilyUnavailable { throw AdminError(.unavailable, error.description) }
                return nil
            }
        }
        let now = services.clock.nowMs()
        let id = Self.randomSecret()
        let record = ConsoleSessionRecord(
            tenantID: tenantID, tenantName: tenantName, client: client, csrfSecret: Self.randomSecret(), createdMs: now,
            idleExpiresMs: now + min(idleMilliseconds, lifetimeMilliseconds), expiresMs: now + lifetimeMilliseconds)
        do {
            try await services.store.write { try await $0.insertConsoleSession(record, hash: TokenSecret.hash(id)) }
        } catch {
            throw AdminError.from(error)
        }
        return Issued(id: id, session: record)
    }

    /// The live session a cookie names, its idle expiry moved forward; nil when unknown or
    /// expired (an expired one is deleted on the way).
    public func session(id: String) async throws(AdminError) -> ConsoleSessionRecord? {
        guard Self.isWellFormed(id) else { return nil }
        let hash = TokenSecret.hash(id)
        let now = services.clock.nowMs()
        do {
            guard var record = try await services.store.read({ try await $0.consoleSession(hash: hash) }) else { return nil }
            guard record.isLive(nowMs: now) else {
                try await services.store.write { try await $0.deleteConsoleSession(hash: hash) }
                return nil
            }
            let idle = now + idleMilliseconds
            if idle - record.idleExpiresMs >= Self.touchIntervalMilliseconds {
                try await services.store.write { try await $0.touchConsoleSession(hash: hash, idleExpiresMs: idle) }
                record.idleExpiresMs = min(idle, record.expiresMs)
            }
            return record
        } catch {
            throw AdminError.from(error)
        }
    }

    /// Ends the session a cookie names (sign-out); an unknown id is not an error.
    public func signOut(id: String) async throws(AdminError) {
        guard Self.isWellFormed(id) else { return }
        do {
            try await services.store.write { try await $0.deleteConsoleSession(hash: TokenSecret.hash(id)) }
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
