import Foundation
import HTTPTypes
import Provisioning
import SCIM
import ScimdServer
import Store
import Testing

/// What operators and their load balancers rely on: `/ready`, the metrics scimd adds to
/// Hummingbird's, `--metrics-token`, and `--trusted-proxy` (docs/operations.md).
@Suite("Operations: readiness, metrics, trusted proxies")
struct OperationsTests {
    /// The value of the first sample line starting with `prefix` and containing every label.
    static func sample(_ metrics: String, _ prefix: String, _ labels: [String] = []) -> Double? {
        metrics.split(separator: "\n").first { line in
            line.hasPrefix(prefix) && labels.allSatisfy { line.contains($0) }
        }.flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }
    }

    @Test("/health and /ready answer without a token; /ready names the schema version")
    func readiness() async throws {
        try await TestServer.run { scim in
            let health = try await scim.request(.get, "/health", token: "")
            #expect(health.status == 200 && health.json?["status"] == "ok")
            let ready = try await scim.request(.get, "/ready", token: "")
            #expect(ready.status == 200 && ready.json?["status"] == "ready", "\(ready.raw)")
            let reported = await scim.services.store.health()
            #expect(reported.schemaVersion == reported.expectedSchemaVersion && reported.expectedSchemaVersion >= 7)
            #expect(ready.json?["schemaVersion"] == .integer(reported.expectedSchemaVersion))
        }
    }

    @Test("/ready is 503 naming the problem while a write holds the writer, and recovers after it")
    func readinessSeesWedgedWriter() async throws {
        try await TestServer.run { scim in
            let (held, heldContinuation) = AsyncStream<Void>.makeStream()
            let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await scim.services.store.write { _ in
                    heldContinuation.yield()
                    for await _ in release { break }
                }
            }
            for await _ in held { break }
            let health = await scim.services.store.health()
            #expect(health.writerBusyFor != nil, "the held write shows as busy")
            releaseContinuation.yield()
            try await holder.value
            #expect(await scim.services.store.health().writerBusyFor == nil)
            #expect(try await scim.request(.get, "/ready", token: "").status == 200)
        }
    }

    @Test("/metrics: requests by resource, method and sent status; write timers; sync-log entries by status; open mapping errors")
    func scimdMetrics() async throws {
        try await TestServer.run { scim in
            #expect(try await scim.request(.get, "Users/no-such-id").status == 404)
            #expect(try await scim.createUser("m1@example.com").status == 201)
            #expect(try await scim.createUser("m1@example.com").status == 409)
            // A mapping to a role that is gone: an open mapping error.
            let admin = try await scim.adminToken()
            #expect(try await scim.admin(.post, "roles", json: ["name": "Gone"], token: admin).status == 201)
            #expect(try await scim.admin(.post, "mappings", json: ["kind": "role", "group": "Staff", "target": "Gone"], token: admin).status == 201)
            let user = try #require(try await scim.createUser("m2@example.com").json?["id"]?.stringValue)
            #expect(try await scim.admin(.delete, "roles/Gone", token: admin).status < 300)
            let group: SCIMValue = [
                "schemas": [.string(SCIMTestClient.groupSchema)], "displayName": "Staff", "members": [["value": .string(user)]],
            ]
            #expect(try await scim.request(.post, "Groups", json: group).status == 201)

            let metrics = try await scim.request(.get, "/metrics", token: "").raw
            #expect(Self.sample(metrics, "scimd_requests_total", [#"resource="User""#, #"method="GET""#, #"status="404""#]) ?? 0 >= 1, "\(metrics)")
            #expect(Self.sample(metrics, "scimd_requests_total", [#"resource="User""#, #"method="POST""#, #"status="409""#]) ?? 0 >= 1)
            #expect(Self.sample(metrics, "scimd_request_duration_seconds_count", [#"resource="Group""#]) ?? 0 >= 1)
            #expect(Self.sample(metrics, "scimd_write_wait_seconds_count") ?? 0 >= 3)
            #expect(Self.sample(metrics, "scimd_write_transaction_seconds_count") ?? 0 >= 3)
            // Group commit: every COMMIT records how many writes it settled, in buckets up to 64.
            #expect(Self.sample(metrics, "scimd_write_batch_size_count") ?? 0 >= 3, "\(metrics)")
            #expect(Self.sample(metrics, "scimd_write_batch_size_bucket", [#"le="64.0""#]) ?? 0 >= 3, "\(metrics)")
            #expect(Self.sample(metrics, "scimd_sync_log_entries_total", [#"status="failure""#]) ?? 0 >= 1)
            #expect(Self.sample(metrics, "scimd_sync_log_entries_total", [#"status="success""#]) ?? 0 >= 2)
            #expect(Self.sample(metrics, "scimd_open_mapping_errors", [#"tenant="default""#, #"kind="role""#]) == 1, "\(metrics)")
        }
    }

    @Test("--metrics-token: /metrics is 401 without the token and with a wrong one, 200 with it")
    func metricsToken() async throws {
        let token = "metrics-0123456789abcdef"
        try await TestServer.run(configure: { $0.metricsToken = token }) { scim in
            let none = try await scim.request(.get, "/metrics", token: "")
            #expect(none.status == 401 && none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(try await scim.request(.get, "/metrics", token: token + "x").status == 401)
            let ok = try await scim.request(.get, "/metrics", token: token)
            #expect(ok.status == 200 && ok.raw.contains("hb_requests"))
            #expect(try await scim.request(.get, "/health", token: "").status == 200, "health stays open")
        }
    }

    @Test("X-Forwarded-For, -Proto, -Host and Forwarded are believed only from a trusted proxy")
    func trustedProxy() async throws {
        let forwarded: HTTPFields = [
            HTTPField.Name("X-Forwarded-For")!: "203.0.113.7, 10.0.0.2", HTTPField.Name("X-Forwarded-Proto")!: "https",
            HTTPField.Name("X-Forwarded-Host")!: "scim.example.com",
        ]
        // Untrusted (no --trusted-proxy): the headers change nothing.
        try await TestServer.run { scim in
            let created = try await scim.request(.post, "Users", json: Self.user("plain@example.com"), headers: forwarded)
            #expect(created.status == 201)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("http://127.0.0.1:"), "\(location)")
            #expect(try await scim.logEntries(operation: "create").last?.sourceAddress == "127.0.0.1")
        }
        // The test client connects from 127.0.0.1, trusted here along with the inner proxy.
        try await TestServer.run(configure: { $0.trustedProxies = [IPNetwork("127.0.0.1")!, IPNetwork("10.0.0.0/8")!] }) { scim in
            let created = try await scim.request(.post, "Users", json: Self.user("proxied@example.com"), headers: forwarded)
            #expect(created.headers[.location]?.hasPrefix("https://scim.example.com/scim/v2/Users/") == true, "\(created.headers)")
            #expect(created.json?["meta"]?["location"]?.stringValue?.hasPrefix("https://scim.example.com/") == true)
            #expect(try await scim.logEntries(operation: "create").last?.sourceAddress == "203.0.113.7")

            let rfc7239: HTTPFields = [HTTPField.Name("Forwarded")!: #"for="[2001:db8::17]:4711";proto=https;host=idp.example.org, for=10.0.0.9"#]
            let second = try await scim.request(.post, "Users", json: Self.user("rfc@example.com"), headers: rfc7239)
            #expect(second.headers[.location]?.hasPrefix("https://idp.example.org/") == true, "\(second.headers)")
            #expect(try await scim.logEntries(operation: "create").last?.sourceAddress == "2001:db8::17")

            let forged: HTTPFields = [HTTPField.Name("X-Forwarded-Host")!: "evil.example.com/path?x", HTTPField.Name("X-Forwarded-Proto")!: "gopher"]
            let third = try await scim.request(.post, "Users", json: Self.user("forged@example.com"), headers: forged)
            #expect(third.headers[.location]?.hasPrefix("http://127.0.0.1:") == true, "an invalid host or scheme is ignored: \(third.headers)")
        }
    }

    @Test("IPNetwork parses addresses and CIDR networks, matches IPv4-mapped IPv6, refuses garbage")
    func networks() {
        let v4 = IPNetwork("10.0.0.0/8")
        #expect(v4?.contains("10.200.3.4") == true && v4?.contains("11.0.0.1") == false && v4?.contains("::ffff:10.1.2.3") == true)
        #expect(IPNetwork("192.168.1.10")?.contains("192.168.1.10") == true && IPNetwork("192.168.1.10")?.contains("192.168.1.11") == false)
        #expect(IPNetwork("fd00::/8")?.contains("fd12::1") == true && IPNetwork("fd00::/8")?.contains("fe80::1") == false)
        #expect(IPNetwork("0.0.0.0/0")?.contains("8.8.8.8") == true)
        for bad in ["10.0.0.0/33", "banana", "10.0.0/8", "::/129", ""] { #expect(IPNetwork(bad) == nil, "\(bad)") }
    }

    static func user(_ userName: String) -> SCIMValue {
        ["schemas": [.string(SCIMTestClient.userSchema)], "userName": .string(userName)]
    }
}
