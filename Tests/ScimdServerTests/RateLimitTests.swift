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

    @Test("past a tenant's burst: 429 with Retry-After and a SCIM error naming the tenant; another tenant is unaffected; refills")
    func tenantLimit() async throws {
        try await TestServer.run { scim in
            try await Self.setLimits(scim, "default", TenantRateLimits(perSecond: 2, burst: 5))
            let other = try await scim.token(forNewTenant: "other")
            var statuses: [Int] = []
            for _ in 0..<8 { statuses.append(try await scim.request(.get, "Users").status) }
            #expect(statuses.prefix(5).allSatisfy { $0 == 200 }, "\(statuses)")
            #expect(statuses.suffix(2).allSatisfy { $0 == 429 }, "\(statuses)")
            let refused = try await scim.request(.get, "Users")
            #expect(refused.status == 429 && refused.isSCIMError)
            #expect(refused.headers[.retryAfter] == "1", "\(refused.headers)")
            #expect(refused.json?["detail"]?.stringValue?.contains("tenant 'default'") == true, "\(refused.raw)")
            for _ in 0..<8 { #expect(try await scim.request(.get, "Users", token: other).status == 200) }
            let metrics = try await scim.request(.get, "/metrics", token: "").raw
            #expect(metrics.contains(#"scimd_rate_limited_total{scope="tenant"}"#), "\(metrics.prefix(300))")
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await scim.request(.get, "Users").status == 200, "two tokens back after a second")
        }
    }

    @Test("a client limit below the tenant's stops one token while another token of the tenant goes on")
    func clientLimit() async throws {
        try await TestServer.run { scim in
            try await Self.setLimits(scim, "default", TenantRateLimits(perSecond: 1_000, burst: 1_000, clientPerSecond: 2))
            let second = try await scim.services.tokenAdministration.createToken(name: "second").secret
            var first: [Int] = []
            for _ in 0..<6 { first.append(try await scim.request(.get, "Users").status) }
            #expect(first.prefix(4).allSatisfy { $0 == 200 } && first.last == 429, "client burst is twice its rate: \(first)")
            let refused = try await scim.request(.get, "Users")
            #expect(refused.json?["detail"]?.stringValue?.contains("client 'test'") == true, "\(refused.raw)")
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
