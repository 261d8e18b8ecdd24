import Foundation
import SCIM
import Store
import Synchronization

/// Per-tenant and per-client request limits for `/scim/v2` (token buckets), so one tenant's
/// runaway client cannot take the writer from the others. A bucket holds up to `burst`
/// requests and refills at `perSecond`; a request that finds it empty is refused with 429 and
/// the seconds until a token is back (RFC 6585 §4, `Retry-After`), which Entra ID and Okta
/// honour by backing off. In memory and per process: with several scimd processes each
/// enforces the limit on its own share of the traffic.
public final class RequestRateLimiter: Sendable {
    /// The defaults, far above what an identity provider sends (Entra ID and Okta provision an
    /// application over a few connections, one request at a time each) and below what one
    /// scimd process can write (docs/performance.md), so only a runaway client meets them. A
    /// conformance suite is not a runaway client: scim2-tester sends about 870 requests in
    /// 1.5-3 s, which the former 200/s with a burst of 400 answered 429 on a fast machine.
    public static let defaultPerSecond = 1_000
    public static let defaultBurst = 2_000
    /// How long a tenant's limits are used before they are read again (`scimctl tenants set`
    /// takes effect within this).
    static let limitsTTL: Duration = .seconds(5)

    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var limits: [Int64: (limits: TenantRateLimits, read: ContinuousClock.Instant)] = [:]
    }

    private let state = Mutex(State())
    private let defaults = Mutex((perSecond: RequestRateLimiter.defaultPerSecond, burst: RequestRateLimiter.defaultBurst))
    let store: any ProvisioningStore

    public init(store: any ProvisioningStore) { self.store = store }

    /// Replaces the built-in defaults for tenants that set no limits (`scimd serve --rate-limit`).
    public func setDefaults(perSecond: Int, burst: Int?) {
        defaults.withLock { $0 = (perSecond, burst ?? max(perSecond * 2, 1)) }
    }

    /// The limits a tenant without its own gets.
    public var defaultLimits: (perSecond: Int, burst: Int) { defaults.withLock { $0 } }

    /// Takes one request from the tenant's bucket and the client's; throws `RateLimited` when
    /// either is empty (neither is charged then).
    public func admit(tenant: TenantRecord, client: String) async throws {
        let limits = try await self.limits(of: tenant.id)
        let fallback = defaultLimits
        let perSecond = limits.perSecond ?? fallback.perSecond
        let burst = limits.burst ?? max(fallback.burst, perSecond)
        let clientPerSecond = limits.clientPerSecond ?? perSecond
        let now = ContinuousClock.now
        let tenantKey = "t\(tenant.id)"
        let clientKey = "c\(tenant.id)\u{0}\(client)"
        let refused: (scope: String, wait: Double)? = state.withLock { state in
            var tenantBucket = Self.refill(state.buckets[tenantKey], rate: perSecond, burst: burst, now: now)
            // A client's own limit allows bursts of twice its rate; without one it shares the tenant's.
            let clientBurst = limits.clientPerSecond == nil ? burst : min(burst, max(clientPerSecond * 2, 1))
            var clientBucket = Self.refill(state.buckets[clientKey], rate: clientPerSecond, burst: clientBurst, now: now)
            defer {
                state.buckets[tenantKey] = tenantBucket
                state.buckets[clientKey] = clientBucket
            }
            if tenantBucket.tokens < 1 { return ("tenant", (1 - tenantBucket.tokens) / Double(max(perSecond, 1))) }
            if clientBucket.tokens < 1 { return ("client", (1 - clientBucket.tokens) / Double(max(clientPerSecond, 1))) }
            tenantBucket.tokens -= 1
            clientBucket.tokens -= 1
            return nil
        }
        if let refused {
            let seconds = max(1, Int(refused.wait.rounded(.up)))
            let limit = refused.scope == "tenant" ? perSecond : clientPerSecond
            throw RateLimited(
                scope: refused.scope, retryAfterSeconds: seconds,
                error: SCIMError(
                    status: 429,
                    detail: "Too many requests for \(refused.scope == "tenant" ? "tenant '\(tenant.name)'" : "client '\(client)'"): "
                        + "the limit is \(limit) per second; retry after \(seconds) s"))
        }
    }

    static func refill(_ bucket: Bucket?, rate: Int, burst: Int, now: ContinuousClock.Instant) -> Bucket {
        guard var bucket else { return Bucket(tokens: Double(burst), updated: now) }
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(Double(burst), bucket.tokens + seconds * Double(rate))
        bucket.updated = now
        return bucket
    }

    /// The tenant's limits, read at most every `limitsTTL`.
    private func limits(of tenantID: Int64) async throws -> TenantRateLimits {
        let now = ContinuousClock.now
        if let cached = state.withLock({ $0.limits[tenantID] }), now - cached.read < Self.limitsTTL { return cached.limits }
        let limits = try await store.read { try await $0.tenant(id: tenantID) }?.rateLimits ?? TenantRateLimits()
        state.withLock { $0.limits[tenantID] = (limits, now) }
        return limits
    }
}

/// A request refused by `RequestRateLimiter`: 429 with `Retry-After`.
public struct RateLimited: Error, Sendable {
    /// `tenant` or `client`: which bucket was empty.
    public let scope: String
    public let retryAfterSeconds: Int
    public let error: SCIMError
}
