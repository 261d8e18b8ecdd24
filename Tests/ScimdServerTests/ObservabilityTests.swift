import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SCIM
import Store
import Testing

@testable import ScimdServer

/// What operators see: `/metrics` counts the status each response really had, and a busy
/// database is 503 with `Retry-After` (RFC 9110 §15.6.4, §10.2.3), never a 500.
@Suite("Observability: metrics by sent status, busy database as 503")
struct ObservabilityTests {
    /// The sum of `hb_requests` samples for the SCIM route with this status code.
    static func requestCount(_ metrics: String, status: Int) -> Double {
        metrics.split(separator: "\n").reduce(0) { sum, line in
            guard line.hasPrefix("hb_requests"), line.contains("http_route=\"/scim/v2/**\""),
                line.contains("http_response_status_code=\"\(status)\""), let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { return sum }
            return sum + value
        }
    }

    @Test("a 404, a 401 and a 409 are counted in /metrics under their own status, not 500")
    func metricsCountSentStatus() async throws {
        try await TestServer.run { scim in
            func counts() async throws -> [Int: Double] {
                let metrics = try await scim.request(.get, "/metrics", token: "").raw
                return Dictionary(uniqueKeysWithValues: [401, 404, 409, 500].map { ($0, Self.requestCount(metrics, status: $0)) })
            }
            let before = try await counts()
            #expect(try await scim.request(.get, "Users/no-such-id").status == 404)
            #expect(try await scim.request(.get, "Users", token: "scimd_wrong").status == 401)
            #expect(try await scim.createUser("twice@example.com").status == 201)
            #expect(try await scim.createUser("twice@example.com").status == 409)
            let after = try await counts()
            for status in [401, 404, 409] {
                #expect((after[status] ?? 0) >= (before[status] ?? 0) + 1, "status \(status): \(before[status] ?? 0) → \(after[status] ?? 0)")
            }
            #expect(after[500] == before[500])
        }
    }

    /// Holds SQLite's write lock from a second connection to the server's file (as scimctl
    /// or a backup tool would) until `body` returns.
    static func whileWriteLocked<T: Sendable>(_ scim: SCIMTestClient, _ body: () async throws -> T) async throws -> T {
        let path = try #require(scim.services.store as? SQLiteStore).path
        let other = try SQLiteStore(path: path)
        let (locked, lockedContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await other.write { _ in
                lockedContinuation.yield()
                for await _ in release { break }
            }
        }
        for await _ in locked { break }
        do {
            let result = try await body()
            releaseContinuation.yield()
            try await holder.value
            return result
        } catch {
            releaseContinuation.yield()
            try? await holder.value
            throw error
        }
    }

    @Test("a SCIM write and an admin write that meet a locked database get 503 with Retry-After")
    func busyWrites() async throws {
        try await TestServer.run { scim in
            let admin = try await scim.adminToken()
            // Use both tokens once first: a token's first use writes its last-used time.
            #expect(try await scim.request(.get, "Users").status == 200)
            #expect(try await scim.admin(.get, "roles", token: admin).status == 200)
            let (user, role) = try await Self.whileWriteLocked(scim) {
                (try await scim.createUser("busy@example.com"), try await scim.admin(.post, "roles", json: ["name": "busy"], token: admin))
            }
            for response in [user, role] {
                #expect(response.status == 503)
                #expect(response.isSCIMError, "\(response.raw)")
                #expect(response.headers[.retryAfter] == "5")
            }
            // Once the lock is gone the same writes succeed.
            #expect(try await scim.createUser("busy@example.com").status == 201)
            #expect(try await scim.admin(.post, "roles", json: ["name": "busy"], token: admin).status == 201)
        }
    }

    /// In WAL mode a read never waits for a writer, and while scimd holds the file open no
    /// other connection can take the exclusive lock that would block readers, so a busy read
    /// cannot be produced with a real lock (it happens only while another process recovers
    /// the WAL after a crash). The mapping is checked at the lowest real level instead: the
    /// store's error thrown under the real `SCIMErrorMiddleware`.
    @Test("StoreError.busy from a read is answered 503 with Retry-After and a SCIM error body")
    func busyReadMapping() async throws {
        let router = Router(context: ScimdRequestContext.self)
        router.add(middleware: SCIMErrorMiddleware())
        router.get("/scim/v2/Users/{id}") { _, _ -> Response in throw StoreError.busy }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/scim/v2/Users/1", method: .get) { response in
                #expect(response.status.code == 503)
                #expect(response.headers[.retryAfter] == "5")
                let body = try SCIMValue(parsing: String(buffer: response.body))
                #expect(body["status"] == "503")
                #expect(body["schemas"] == [.string(SCIMError.schema)])
            }
        }
    }
}
