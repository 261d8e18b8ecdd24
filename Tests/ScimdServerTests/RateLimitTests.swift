import Foundation
import HTTPTypes
import Provisioning
import SCIM
import ScimdServer
import Store
import Testing

/// Per-tenant and per-client request limits: 429 with `Retry-After` past the burst, other
/// tenants untouched, a client's own limit below the tenant's, and the tokens back after a
/// second (RFC 6585 §4).
@Suite("Request rate limits", .serialized)
struct RateLimitTests {
    static func setLimits(_ scim: SCIMTestClient, _ tenant: String, _ limits: TenantRateLimits) async throws {
        _ = try await scim.services.tenants.setRateLimits(limits, tenantNamed: tenant, client: "test-setup")
    }

    /// Sends `count` requests at once; returns their statuses and how long they took in all.
    static func burst(_ scim: SCIMTestClient, _ count: Int, token: String? = nil) async throws -> (statuses: [Int], seconds: Double) {
        let start = ContinuousClock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<count { group.addTask { try await scim.request(.get, "Users", token: token).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let elapsed = ContinuousClock.now - start
        return (statuses, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The bucket's arithmetic, whatever the machine's speed: `burst` at once, plus one per
    /// `1/rate` seconds that passed while the requests ran.
    static func expectLimited(_ result: (statuses: [Int], seconds: Double), burst: Int, rate: Double) {
        let admitted = result.statuses.filter { $0 == 200 }.count
        #expect(Set(result.statuses).isSubset(of: [200, 429]), "\(result.statuses)")
        #expect(admitted >= burst, "the burst is admitted: \(result.statuses)")
        #expect(admitted <= burst + Int((result.seconds * rate).rounded(.up)), "no more than the bucket allows: \(result) ")
        #expect(result.statuses.contains(429) || Double(result.statuses.count - burst) <= result.seconds * rate, "\(result)")
    }

    @Test("past a tenant's burst: 429 with Retry-After and a SCIM error naming the tenant; another tenant is unaffected; refills")
    func tenantLimit() async throws {
        try await TestServer.run { scim in
            try await Self.setLimits(scim, "default", TenantRateLimits(perSecond: 1, burst: 5))
            let other = try await scim.token(forNewTenant: "other")
            let result = try await Self.burst(scim, 12)
            Self.expectLimited(result, burst: 5, rate: 1)
            let refused = try await scim.request(.get, "Users")
            if refused.status == 429 {
                #expect(refused.isSCIMError && refused.headers[.retryAfter] == "1", "\(refused.headers)")
                #expect(refused.json?["detail"]?.stringValue?.contains("tenant 'default'") == true, "\(refused.raw)")
            }
            #expect(try await Self.burst(scim, 8, token: other).statuses.allSatisfy { $0 == 200 }, "the other tenant has its own bucket")
            let metrics = try await scim.request(.get, "/metrics", token: "").raw
            #expect(metrics.contains(#"scimd_rate_limited_total{scope="tenant"}"#))
            try await Task.sleep(for: .milliseconds(2_100))
            #expect(try await scim.request(.get, "Users").status == 200, "tokens come back")
        }
    }

    @Test("the built-in defaults admit a conformance suite's burst: 1,500 requests in a row from 20 connections, none refused")
    func defaultsAdmitAConformanceRun() async throws {
        // scim2-tester sends about 870 requests within two seconds; the former defaults (200/s,
        // burst 400) answered part of them 429 on a fast machine and failed the CI run.
        try await TestServer.run(configure: { $0.defaultRateLimit = nil; $0.defaultRateBurst = nil }) { scim in
            #expect(scim.services.rateLimiter.defaultLimits == (1_000, 2_000))
            // 1,500 requests from 20 connections as fast as they answer: within the burst whatever
            // the machine's speed (the bucket only refills), so every one is admitted.
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        var statuses: [Int] = []
                        for _ in 0..<75 { statuses.append(try await scim.request(.get, "Users?count=0").status) }
                        return statuses
                    }
                }
                return try await group.reduce(into: []) { $0.append(contentsOf: $1) }
            }
            #expect(statuses.count == 1_500)
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses.filter { $0 != 200 }.count) refused")
        }
    }

    @Test("a client limit below the tenant's stops one token while another token of the tenant goes on")
    func clientLimit() async throws {
        try await TestServer.run { scim in
            try await Self.setLimits(scim, "default", TenantRateLimits(perSecond: 1_000, burst: 1_000, clientPerSecond: 2))
            let second = try await scim.services.tokenAdministration.createToken(name: "second").secret
            let result = try await Self.burst(scim, 12)
            Self.expectLimited(result, burst: 4, rate: 2)
            let refused = try await scim.request(.get, "Users")
            if refused.status == 429 {
                #expect(refused.json?["detail"]?.stringValue?.contains("client 'test'") == true, "\(refused.raw)")
            }
            #expect(try await scim.request(.get, "Users", token: second).status == 200)
        }
    }

    @Test("limits are checked: out of range or a burst below the rate is refused, and the log records a change")
    func validation() async throws {
        try await TestServer.run { scim in
            await #expect(throws: AdminError.self) { try await Self.setLimits(scim, "default", TenantRateLimits(perSecond: 0)) }
            await #expect(throws: AdminError.self) { try await Self.setLimits(scim, "default", TenantRateLimits(perSecond: 10, burst: 5)) }
            await #expect(throws: AdminError.self) { try await Self.setLimits(scim, "nope", TenantRateLimits(perSecond: 10)) }
            try await Self.setLimits(scim, "default", TenantRateLimits(perSecond: 50))
            let tenant = try await scim.services.tenants.tenant(named: "default")
            #expect(tenant.rateLimits == TenantRateLimits(perSecond: 50))
            let entries = try await scim.services.syncLog.entries(SyncLogQuery(tenantID: tenant.id, operation: "tenant-set", limit: 10))
            #expect(entries.count == 1 && entries.first?.message.contains("50/s") == true)
        }
    }
}
