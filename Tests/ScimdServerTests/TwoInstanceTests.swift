import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresTestSupport
import SCIM
import Testing

/// Two real `scimd serve` processes on one PostgreSQL database, as behind a load balancer
/// (docs/decisions/0010-postgresql-store.md): what one writes the other reads, and the writer
/// lock they share keeps read-modify-write requests from losing each other's changes.
@Suite("Two scimd instances on one PostgreSQL database", .enabled(if: PostgresTestDatabase.isAvailable), .serialized)
struct TwoInstanceTests {
    static func user(_ name: String) -> String {
        "{\"schemas\":[\"\(SCIMTestClient.userSchema)\"],\"userName\":\"\(name)\",\"active\":true,"
            + "\"name\":{\"givenName\":\"Two\",\"familyName\":\"Instances\"},\"emails\":[{\"type\":\"work\",\"value\":\"\(name)\"}]}"
    }

    /// Sends one request to `process` on a connection of its own.
    static func send(
        _ process: ScimdProcess, _ method: HTTPRequest.Method, _ path: String, body: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> (status: Int, headers: HTTPFields, json: SCIMValue?) {
        try await TestClient.withClient(host: "127.0.0.1", port: process.port) { client in
            var headers: HTTPFields = [.authorization: "Bearer \(process.token)", .contentType: "application/scim+json"]
            for field in extra { headers.append(field) }
            // The test client sets Host and Content-Length itself.
            let response = try await client.execute(
                TestClient.Request("/scim/v2/\(path)", method: method, authority: "127.0.0.1", headers: headers, body: body.map { ByteBuffer(string: $0) }))
            let text = response.body.map { String(buffer: $0) } ?? ""
            return (Int(response.status.code), response.headers, text.isEmpty ? nil : try? SCIMValue(parsing: text))
        }
    }

    static func withTwoInstances(_ body: (ScimdProcess, ScimdProcess) async throws -> Void) async throws {
        let url = try await PostgresTestDatabase.create()
        let database = try #require(PostgresTestDatabase.name(of: url))
        let a = try await ScimdProcess.start([], database: url)
        do {
            let b = try await ScimdProcess.start([], database: url, token: a.token)
            do {
                try await body(a, b)
            } catch {
                b.stop()
                throw error
            }
            b.stop()
        } catch {
            a.stop()
            await PostgresTestDatabase.drop(database: database)
            throw error
        }
        a.stop()
        await PostgresTestDatabase.drop(database: database)
    }

    @Test("a user created through A is read, found by filter and deleted through B; B's start created no second tenant or token")
    func writeThroughOneReadThroughTheOther() async throws {
        try await Self.withTwoInstances { a, b in
            let printedToken = b.text.split(separator: "\n").contains { $0.hasPrefix("scimd_") || $0.hasPrefix("Created tenant") }
            #expect(!printedToken, "the second instance found the tenant and printed no token:\n\(b.text)")
            #expect(b.text.contains("(PostgreSQL)") && !b.text.contains("sslmode=disable (durability"), "\(b.text)")
            let created = try await Self.send(a, .post, "Users", body: Self.user("across@example.com"))
            #expect(created.status == 201)
            let id = try #require(created.json?["id"]?.stringValue)
            let read = try await Self.send(b, .get, "Users/\(id)")
            #expect(read.status == 200 && read.json?["userName"]?.stringValue == "across@example.com")
            #expect(read.headers[.eTag] == created.headers[.eTag], "both instances compute the same version")
            let found = try await Self.send(b, .get, "Users?filter=userName%20eq%20%22ACROSS@example.com%22")
            #expect(found.json?["totalResults"] == .integer(1))
            #expect(try await Self.send(b, .delete, "Users/\(id)").status == 204)
            #expect(try await Self.send(a, .get, "Users/\(id)").status == 404)
        }
    }

    @Test("40 member adds sent at once, half through A and half through B, all land in the group")
    func concurrentMemberAddsLoseNothing() async throws {
        try await Self.withTwoInstances { a, b in
            var users: [String] = []
            for n in 0..<40 {
                let created = try await Self.send(n % 2 == 0 ? a : b, .post, "Users", body: Self.user("member\(n)@example.com"))
                users.append(try #require(created.json?["id"]?.stringValue))
            }
            let group = try await Self.send(
                a, .post, "Groups", body: "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Both\"}")
            let groupID = try #require(group.json?["id"]?.stringValue)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { tasks in
                for (n, user) in users.enumerated() {
                    tasks.addTask {
                        let patch =
                            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"\(user)\"}]}]}"
                        return try await Self.send(n % 2 == 0 ? a : b, .patch, "Groups/\(groupID)", body: patch).status
                    }
                }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 || $0 == 204 }, "\(statuses)")
            let members = try await Self.send(b, .get, "Groups/\(groupID)")
            let ids = Set((members.json?["members"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue })
            #expect(ids == Set(users), "\(Set(users).subtracting(ids).count) member adds were lost")
        }
    }

    @Test("the same If-Match PATCH sent through A and B at once: one 200, one 412; the same userName created through both: one 201, one 409")
    func racesHaveOneWinner() async throws {
        try await Self.withTwoInstances { a, b in
            for round in 0..<5 {
                let created = try await Self.send(a, .post, "Users", body: Self.user("race\(round)@example.com"))
                let id = try #require(created.json?["id"]?.stringValue)
                let etag = try #require(created.headers[.eTag])
                let statuses = try await withThrowingTaskGroup(of: Int.self) { tasks in
                    for (n, process) in [a, b].enumerated() {
                        tasks.addTask {
                            let patch =
                                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"winner \(n)\"}]}"
                            return try await Self.send(process, .patch, "Users/\(id)", body: patch, headers: [.ifMatch: etag]).status
                        }
                    }
                    return try await tasks.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.sorted() == [200, 412], "round \(round): \(statuses)")

                let duplicates = try await withThrowingTaskGroup(of: Int.self) { tasks in
                    for process in [a, b] {
                        tasks.addTask { try await Self.send(process, .post, "Users", body: Self.user("twice\(round)@example.com")).status }
                    }
                    return try await tasks.reduce(into: []) { $0.append($1) }
                }
                #expect(duplicates.sorted() == [201, 409], "round \(round): \(duplicates)")
            }
        }
    }
}

/// A database connection lost under a running scimd (a failover, a restart, an administrator's
/// `pg_terminate_backend`): requests on a dead connection answer 503 with Retry-After and change
/// nothing; the pool reconnects and service resumes without a restart.
@Suite("PostgreSQL connections lost under a running scimd", .enabled(if: PostgresTestDatabase.isAvailable))
struct PostgresOutageTests {
    @Test("after every connection is terminated: each write answers 200 (applied) or 503 with Retry-After (not applied), and service resumes")
    func connectionsTerminated() async throws {
        let url = try await PostgresTestDatabase.create()
        let database = try #require(PostgresTestDatabase.name(of: url))
        let scimd = try await ScimdProcess.start([], database: url)
        defer {
            scimd.stop()
            Task { await PostgresTestDatabase.drop(database: database) }
        }
        let created = try await TwoInstanceTests.send(scimd, .post, "Users", body: TwoInstanceTests.user("outage@example.com"))
        let id = try #require(created.json?["id"]?.stringValue)
        let terminated = try await PostgresTestDatabase.terminateConnections(database: database)
        #expect(terminated >= 1, "scimd holds pooled connections")
        var applied = 0
        var refused = 0
        for round in 0..<20 {
            let patch =
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"round \(round)\"}]}"
            let answer = try await TwoInstanceTests.send(scimd, .patch, "Users/\(id)", body: patch)
            let stored = try await TwoInstanceTests.send(scimd, .get, "Users/\(id)")
            switch answer.status {
            case 200:
                applied += 1
                if stored.status == 200 { #expect(stored.json?["displayName"]?.stringValue == "round \(round)") }
            case 503:
                refused += 1
                #expect(answer.headers[.retryAfter] != nil, "503 carries Retry-After")
                if stored.status == 200 { #expect(stored.json?["displayName"]?.stringValue != "round \(round)", "a refused write is not applied") }
            default:
                Issue.record("round \(round): \(answer.status) \(String(describing: answer.json))")
            }
        }
        print("after terminating \(terminated) connections: \(applied) writes applied, \(refused) answered 503")
        #expect(applied >= 15, "the pool reconnects: \(applied) applied, \(refused) refused")
        let after = try await TwoInstanceTests.send(scimd, .post, "Users", body: TwoInstanceTests.user("after-outage@example.com"))
        #expect(after.status == 201)
    }
}
