import Store
import Synchronization

/// Verifies presented bearer secrets on every request: a short cache keeps the database out of
/// the hot path, and last-use times are written in the background.
public final class TokenAuthenticator: Sendable {
    let store: any ProvisioningStore
    let clock: ProvisioningClock
    /// Verifies OAuth access tokens (signed JWTs), which SCIM requests may present instead of a static token.
    let oauth: OAuthService?
    private let cache = Mutex<[String: CachedToken]>([:])
    /// How long a verified token is trusted without asking the database (revocations in
    /// another process take at most this long to apply).
    private let cacheMilliseconds: Int64 = 5_000
    /// Recording use costs a write; once a minute per token is enough for "last used".
    private let lastUseIntervalMilliseconds: Int64 = 60_000

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

    init(store: any ProvisioningStore, clock: ProvisioningClock, oauth: OAuthService? = nil) {
        self.store = store
        self.clock = clock
        self.oauth = oauth
    }

    /// Verifies a presented bearer secret for `kind`; nil when unknown, revoked, expired or of another kind.
    ///
    /// `audience` is the SCIM root the request reached: with it, a SCIM request may also present
    /// an OAuth access token issued for that root (RFC 6750 §2.1 carries both the same way). The
    /// result then names the OAuth client (its id and name), so the sync log records the client.
    public func authenticate(secret: String, kind: TokenKind, audience: String? = nil) async throws -> TokenRecord? {
        try await authenticate(secret: secret, kinds: [kind], audience: audience)
    }

    /// Verifies a presented bearer secret for any of `kinds` (an admin or an operator token, say).
    public func authenticate(secret: String, kinds: Set<TokenKind>, audience: String? = nil) async throws -> TokenRecord? {
        if !secret.hasPrefix(TokenSecret.prefix) {
            guard kinds.contains(.scim), let audience, let oauth else { return nil }
            return try await oauth.verify(secret, audience: audience)
        }
        guard secret.utf8.count < TokenSecret.maxLength else { return nil }
        let hash = TokenSecret.hash(secret)
        let now = clock.nowMs()
        if let cached = cache.withLock({ $0[hash] }), now - cached.checkedMs < cacheMilliseconds {
            return Self.usable(cached.record, kinds: kinds, now: now) ? cached.record : nil
        }
        // Candidates by the public prefix, then hashes compared in constant time.
        let candidates = try await store.read { try await $0.tokenCandidates(prefix: TokenSecret.publicPrefix(of: secret)) }
        guard let record = candidates.first(where: { TokenSecret.constantTimeEquals($0.hash, hash) })?.record else { return nil }
        var written = cache.withLock { $0[hash]?.lastUsedWrittenMs ?? 0 }
        if now - written > lastUseIntervalMilliseconds {
            recordUse(tokenID: record.id, nowMs: now)
            written = now
        }
        cache.withLock { $0[hash] = CachedToken(record: record, checkedMs: now, lastUsedWrittenMs: written) }
        return Self.usable(record, kinds: kinds, now: now) ? record : nil
    }

    /// Forgets a token at once in this process (after a revocation here).
    func forget(tokenID: String) {
        cache.withLock { $0 = $0.filter { $0.value.record.id != tokenID } }
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

    private static func usable(_ record: TokenRecord, kinds: Set<TokenKind>, now: Int64) -> Bool {
        kinds.contains(record.kind) && isValid(record, nowMs: now)
    }

    /// Neither revoked nor expired at `nowMs`.
    public static func isValid(_ record: TokenRecord, nowMs: Int64) -> Bool {
        record.revokedMs == nil && (record.expiresMs.map { $0 > nowMs } ?? true)
    }
}
