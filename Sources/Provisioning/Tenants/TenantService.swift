import Crypto
import Foundation
import SCIM
import Store
import Synchronization

/// Tenants and their bearer tokens (SPEC §3): tokens are stored as SHA-256 hashes, shown
/// once at creation, and can be listed, expired and revoked.
public final class TenantService: Sendable {
    public static let defaultTenantName = "default"
    /// Every secret starts with this, so a leaked token is recognisable in logs and scanners.
    static let tokenPrefix = "scimd_"

    let store: any ProvisioningStore
    let clock: ProvisioningClock
    private let cache = Mutex<[String: CachedToken]>([:])
    /// How long a verified token is trusted without asking the database (revocations in
    /// another process take at most this long to apply).
    private let cacheMilliseconds: Int64 = 5_000

    private struct CachedToken {
        var record: TokenRecord
        var checkedMs: Int64
        var lastUsedWrittenMs: Int64
    }

    /// Last-use times not yet written, by token id, and whether a flush is running.
    private struct PendingUse {
        var times: [String: Int64] = [:]
        var flushing = false
    }
    private let pendingUse = Mutex(PendingUse())

    public init(store: any ProvisioningStore, clock: ProvisioningClock = .system) {
        self.store = store
        self.clock = clock
    }

    // MARK: Tenants

    /// Creates a tenant; names are unique case-insensitively.
    public func createTenant(name: String) async throws -> TenantRecord {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard Self.isValidTenantName(trimmed) else {
            throw AdminError(.invalid, "Tenant names are 1-64 letters, digits, '-', '_' or '.'; '\(name)' is not valid.")
        }
        do {
            return try await store.write { try await $0.createTenant(name: trimmed, nowMs: clock.nowMs()) }
        } catch StoreError.duplicate {
            throw AdminError(.conflict, "A tenant named '\(trimmed)' already exists.")
        }
    }

    static func isValidTenantName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    public func tenants() async throws -> [TenantRecord] {
        try await store.read { try await $0.tenants() }
    }

    /// The tenant called `name`, or an error that says how to list them.
    public func tenant(named name: String) async throws -> TenantRecord {
        guard let tenant = try await store.read({ try await $0.tenant(named: name) }) else {
            throw AdminError(.notFound, "No tenant named '\(name)'; run `scimctl tenants list` to see them.")
        }
        return tenant
    }

    /// Creates the `default` tenant in an empty database; returns it if it was created.
    public func ensureDefaultTenant() async throws -> TenantRecord? {
        try await store.write { tx in
            guard try await tx.tenants().isEmpty else { return nil }
            return try await tx.createTenant(name: Self.defaultTenantName, nowMs: clock.nowMs())
        }
    }

    // MARK: Tokens

    /// A newly issued token: the secret is only ever available here.
    public struct IssuedToken: Sendable {
        public let record: TokenRecord
        public let secret: String
    }

    /// Issues a token for `tenantName`; `expiresInDays` nil means it never expires.
    public func createToken(
        tenantName: String = defaultTenantName, name: String, kind: TokenKind = .scim, expiresInDays: Int? = nil
    ) async throws -> IssuedToken {
        let label = name.trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, label.count <= 100 else {
            throw AdminError(.invalid, "A token name is required (1-100 characters), e.g. --name entra-prod.")
        }
        if let days = expiresInDays, days <= 0 {
            throw AdminError(.invalid, "--expires-in-days must be a positive number of days.")
        }
        let tenant = try await tenant(named: tenantName)
        let secret = Self.tokenPrefix + Self.randomBase62(count: 40)
        let now = clock.nowMs()
        let record = TokenRecord(
            id: UUID().uuidString.lowercased(), tenantID: tenant.id, tenantName: tenant.name, kind: kind, name: label,
            prefix: String(secret.prefix(Self.tokenPrefix.count + 6)), createdMs: now,
            expiresMs: expiresInDays.map { now + Int64($0) * 86_400_000 })
        try await store.write { try await $0.insertToken(record, hash: Self.hash(secret)) }
        return IssuedToken(record: record, secret: secret)
    }

    public func tokens(tenantName: String?) async throws -> [TokenRecord] {
        let tenantID = try await tenantName.asyncMap { try await tenant(named: $0).id }
        return try await store.read { try await $0.tokens(tenantID: tenantID) }
    }

    /// Revokes a token by id (or unique id prefix).
    public func revokeToken(id: String) async throws -> TokenRecord {
        let matches = try await store.read { try await $0.tokens(tenantID: nil) }.filter { $0.id.hasPrefix(id.lowercased()) }
        guard !id.isEmpty, matches.count == 1, let token = matches.first else {
            throw AdminError(
                .notFound,
                matches.isEmpty
                    ? "No token with id '\(id)'; run `scimctl tokens list` to see ids."
                    : "'\(id)' matches \(matches.count) tokens; give more of the id.")
        }
        guard try await store.write({ try await $0.revokeToken(id: token.id, nowMs: clock.nowMs()) }) else {
            throw AdminError(.conflict, "Token \(token.id) is already revoked.")
        }
        cache.withLock { $0 = $0.filter { $0.value.record.id != token.id } }
        return token
    }

    /// Verifies a presented bearer secret for `kind`; nil when unknown, revoked, expired or of another kind.
    public func authenticate(secret: String, kind: TokenKind) async throws -> TokenRecord? {
        guard secret.hasPrefix(Self.tokenPrefix), secret.utf8.count < 200 else { return nil }
        let hash = Self.hash(secret)
        let now = clock.nowMs()
        if let cached = cache.withLock({ $0[hash] }), now - cached.checkedMs < cacheMilliseconds {
            return Self.usable(cached.record, kind: kind, now: now) ? cached.record : nil
        }
        // SPEC §3: find candidates by the public prefix, then compare hashes in constant time, so
        // response timing says nothing about how much of a guessed secret was right.
        let prefix = String(secret.prefix(Self.tokenPrefix.count + 6))
        let candidates = try await store.read { try await $0.tokenCandidates(prefix: prefix) }
        guard let record = candidates.first(where: { Self.constantTimeEquals($0.hash, hash) })?.record else { return nil }
        let lastWritten = cache.withLock { $0[hash]?.lastUsedWrittenMs ?? 0 }
        // Recording use costs a write; once a minute per token is enough for "last used".
        var written = lastWritten
        if now - lastWritten > 60_000 {
            recordUse(tokenID: record.id, nowMs: now)
            written = now
        }
        cache.withLock { $0[hash] = CachedToken(record: record, checkedMs: now, lastUsedWrittenMs: written) }
        return Self.usable(record, kind: kind, now: now) ? record : nil
    }

    /// Notes that a token was used; a background task writes it. Authentication never waits
    /// for the writer: behind a long write or another process's lock, a request would stall
    /// on bookkeeping nobody is waiting for.
    private func recordUse(tokenID: String, nowMs: Int64) {
        let start = pendingUse.withLock { pending -> Bool in
            pending.times[tokenID] = max(pending.times[tokenID] ?? 0, nowMs)
            if pending.flushing { return false }
            pending.flushing = true
            return true
        }
        if start { Task.detached { await self.flushTokenUse() } }
    }

    /// Writes the pending last-use times, in one transaction per batch, until none are left.
    /// A failed write (the database stayed busy) keeps them for the next use to retry.
    func flushTokenUse() async {
        while true {
            let batch = pendingUse.withLock { pending -> [String: Int64] in
                let batch = pending.times
                pending.times = [:]
                if batch.isEmpty { pending.flushing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try await store.write { tx in
                    for (id, ms) in batch { try await tx.markTokenUsed(id: id, nowMs: ms) }
                }
            } catch {
                pendingUse.withLock { pending in
                    pending.times.merge(batch) { max($0, $1) }
                    pending.flushing = false
                }
                return
            }
        }
    }

    private static func usable(_ record: TokenRecord, kind: TokenKind, now: Int64) -> Bool {
        record.kind == kind && record.revokedMs == nil && (record.expiresMs.map { $0 > now } ?? true)
    }

    static func hash(_ secret: String) -> String {
        // Every request hashes its token; String(format:) per byte costs more than the hash itself.
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    static func randomBase62(count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
