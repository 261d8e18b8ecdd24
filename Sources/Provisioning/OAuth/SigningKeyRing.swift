import Crypto
import Foundation
import JWTKit
import Store
import Synchronization

/// The deployment's signing keys, read from the database and kept in memory, so verifying a
/// token costs no database round trip (and never a write). A key another process added is
/// picked up when a token names an unknown `kid` (at most once a second) or within a minute.
final class SigningKeyRing: Sendable {
    /// HS256 (RFC 7518 §3.2): only scimd processes sharing this database sign and verify, so a
    /// symmetric key is enough and no public key has to be published.
    static let algorithm = "HS256"
    /// How long a signing key's list is trusted before it is read again.
    static let refreshMilliseconds: Int64 = 60_000
    /// A token naming an unknown kid re-reads the keys at most this often (a forged kid must not
    /// turn every request into a query).
    static let unknownKidRetryMilliseconds: Int64 = 1_000

    let store: any ProvisioningStore
    let clock: ProvisioningClock

    /// A key and the JWTKit collection holding only it, so a token is never checked against
    /// another key (JWTKit falls back to its first key for an unknown kid).
    struct Key: Sendable {
        let record: SigningKeyRecord
        let collection: JWTKeyCollection
    }

    private struct State {
        var keys: [String: Key] = [:]
        /// Newest first, as the store lists them.
        var order: [String] = []
        var loadedMs: Int64?
    }
    private let state = Mutex(State())

    init(store: any ProvisioningStore, clock: ProvisioningClock) {
        self.store = store
        self.clock = clock
    }

    /// The key that signs new tokens: the newest one not retired, created when there is none.
    func signingKey() async throws -> Key {
        let now = clock.nowMs()
        if let loaded = state.withLock({ $0.loadedMs }), now - loaded < Self.refreshMilliseconds, let key = currentKey() {
            return key
        }
        try await reload()
        if let key = currentKey() { return key }
        // First token of this deployment. The check runs again inside the write, so two processes
        // starting at once still agree on one key.
        let record = try await store.write { tx -> SigningKeyRecord in
            if let active = try await tx.signingKeys().first(where: { $0.retiredMs == nil }) { return active }
            let key = Self.newKey(nowMs: now)
            try await tx.insertSigningKey(key)
            return key
        }
        try await reload()
        if let key = state.withLock({ $0.keys[record.kid] }) { return key }
        return try await Self.load(record)
    }

    /// The key named `kid`, or nil when there is none (or it was deleted).
    func verificationKey(kid: String) async throws -> Key? {
        let now = clock.nowMs()
        let (key, loaded) = state.withLock { ($0.keys[kid], $0.loadedMs) }
        if let key, let loaded, now - loaded < Self.refreshMilliseconds { return key }
        if key == nil, let loaded, now - loaded < Self.unknownKidRetryMilliseconds { return nil }
        try await reload()
        return state.withLock { $0.keys[kid] }
    }

    /// Makes a new key the signing key and retires the others; they keep verifying until every
    /// token they signed has expired, then they are deleted.
    func rotate(maxLifetimeMilliseconds: Int64) async throws -> SigningKeyRecord {
        let now = clock.nowMs()
        let key = Self.newKey(nowMs: now)
        try await store.write { tx in
            try await tx.insertSigningKey(key)
            _ = try await tx.retireSigningKeys(except: key.kid, nowMs: now)
            _ = try await tx.deleteSigningKeys(retiredBefore: now - maxLifetimeMilliseconds - OAuthService.leewayMilliseconds)
        }
        try await reload()
        return key
    }

    /// Every key as stored, newest first.
    func records() async throws -> [SigningKeyRecord] {
        try await store.read { try await $0.signingKeys() }
    }

    private func currentKey() -> Key? {
        state.withLock { state in
            for kid in state.order {
                if let key = state.keys[kid], key.record.retiredMs == nil { return key }
            }
            return nil
        }
    }

    private func reload() async throws {
        let records = try await store.read { try await $0.signingKeys() }
        let known = state.withLock { $0.keys }
        var keys: [String: Key] = [:]
        for record in records {
            if let existing = known[record.kid], existing.record == record {
                keys[record.kid] = existing
            } else if let key = try? await Self.load(record) {
                keys[record.kid] = key
            }
        }
        let now = clock.nowMs()
        state.withLock {
            $0.keys = keys
            $0.order = records.map(\.kid)
            $0.loadedMs = now
        }
    }

    private static func load(_ record: SigningKeyRecord) async throws -> Key {
        guard record.algorithm == algorithm, let material = Data(base64Encoded: record.material), material.count >= 32 else {
            throw OAuthError(.temporarilyUnavailable, "signing key \(record.kid) cannot be read")
        }
        let collection = JWTKeyCollection()
        await collection.add(hmac: HMACKey(from: material), digestAlgorithm: .sha256, kid: JWKIdentifier(string: record.kid))
        return Key(record: record, collection: collection)
    }

    private static func newKey(nowMs: Int64) -> SigningKeyRecord {
        // RFC 7518 §3.2: a key of at least the hash's size (256 bits) for HS256.
        let material = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return SigningKeyRecord(
            kid: UUID().uuidString.lowercased(), algorithm: algorithm, material: material.base64EncodedString(), createdMs: nowMs)
    }
}
