import Foundation
import SCIM
import Testing

/// requirements §10 "safe on bad input": thousands of malformed and hostile requests against one live
/// server, each answered with a 4xx SCIM error in bounded time, and the data untouched after.
@Suite("Bad input")
struct BadInputTests {
    static let seed: UInt64 = 0x5C1D_BAD1
    static let maxBodyBytes = 262_144

    /// A resource as read before and after the barrage.
    struct Snapshot: Equatable {
        var etag: String?
        var body: SCIMValue?
    }

    @Test("every hostile request gets a 4xx SCIM error, and the server stays up and consistent")
    func barrage() async throws {
        try await TestServer.run(configure: { $0.maxBodyBytes = Self.maxBodyBytes }) { scim in
            // MARK: Known state before the barrage
            let user = try await scim.createUser(
                "known@example.com", externalId: "known-1",
                extra: [
                    "name": ["givenName": "Known", "familyName": "User"], "title": "Original",
                    "emails": [["value": "known@example.com", "type": "work", "primary": true]],
                ])
            try #require(user.status == 201)
            let other = try await scim.createUser("other@example.com")
            try #require(other.status == 201)
            let group = try await scim.createGroup("Known Group", members: [user.id])
            try #require(group.status == 201)
            let port = try #require(scim.client.port)
            let sender = HostileSender(port: port, token: scim.token)

            func snapshot(_ path: String) async throws -> Snapshot {
                let outcome = try await sender.send(HostileRequest("snapshot", .get, path))
                #expect(outcome.status == 200, "GET \(path)")
                return Snapshot(etag: outcome.headers[.eTag], body: outcome.json)
            }
            let userBefore = try await snapshot("Users/\(user.id)")
            let groupBefore = try await snapshot("Groups/\(group.id)")
            let version = Int(userBefore.etag?.filter(\.isNumber) ?? "") ?? 1
            #expect(userBefore.etag != nil && userBefore.body?["title"] == "Original")

            // MARK: The barrage
            let registry = try SchemaRegistry(directory: URL(fileURLWithPath: TestServer.schemaDirectory))
            var catalogue = HostileCatalogue(
                userID: user.id, userName: "known@example.com", groupID: group.id, groupName: "Known Group", version: version,
                registry: registry, seed: Self.seed)
            let requests = catalogue.all(token: scim.token)
            #expect(requests.count >= 2_000, "only \(requests.count) hostile requests")

            let started = ContinuousClock.now
            let problems = await Self.run(requests, sender: sender, concurrency: 8)
            let elapsed = ContinuousClock.now - started
            var byCategory: [String: Int] = [:]
            for request in requests { byCategory[request.category, default: 0] += 1 }
            let failing = problems.map { "\($0.request.summary)\n    → \($0.problem)" }
            #expect(
                problems.count == 0,
                "\(problems.count) of \(requests.count) hostile requests were mishandled:\n\(failing.prefix(40).joined(separator: "\n"))")
            #expect(elapsed < .seconds(90), "the barrage took \(elapsed)")
            if let dump = ProcessInfo.processInfo.environment["SCIMD_BAD_INPUT_DUMP"] {
                try? failing.joined(separator: "\n").write(toFile: dump, atomically: true, encoding: .utf8)
            }
            print("bad input: \(requests.count) requests in \(elapsed): \(byCategory.sorted { $0.key < $1.key })")

            // MARK: Still up, still consistent
            let health = try await sender.send(HostileRequest("after", .get, "/health", omitAuthorization: true))
            #expect(health.status == 200)
            #expect(try await snapshot("Users/\(user.id)") == userBefore, "the known user changed")
            #expect(try await snapshot("Groups/\(group.id)") == groupBefore, "the known group changed")
            let users = try await sender.send(HostileRequest("after", .get, "Users?count=1000"))
            let groups = try await sender.send(HostileRequest("after", .get, "Groups?count=1000&excludedAttributes=members"))
            // Only the resources created above exist: no refused request left a half-written one.
            #expect(users.json?["totalResults"] == .integer(2), "users: \(users.json?["totalResults"].map { "\($0)" } ?? "none")")
            #expect(groups.json?["totalResults"] == .integer(1), "groups: \(groups.json?["totalResults"].map { "\($0)" } ?? "none")")
            let names = Set((users.json?["Resources"]?.arrayValue ?? []).compactMap { $0["userName"]?.stringValue })
            #expect(names == ["known@example.com", "other@example.com"])
        }
    }

    struct Problem: Sendable {
        var request: HostileRequest
        var problem: String
    }

    /// Sends every request, at most `concurrency` at a time, and returns the ones mishandled.
    static func run(_ requests: [HostileRequest], sender: HostileSender, concurrency: Int) async -> [Problem] {
        await withTaskGroup(of: Problem?.self) { group in
            var problems: [Problem] = []
            var next = 0
            func submit() {
                guard next < requests.count else { return }
                let request = requests[next]
                next += 1
                group.addTask {
                    do {
                        let outcome = try await sender.send(request)
                        return HostileSender.problem(request, outcome).map { Problem(request: request, problem: $0) }
                    } catch {
                        // A timeout (a hang) or a connection the server dropped without answering.
                        return Problem(request: request, problem: "no response: \(error)")
                    }
                }
            }
            for _ in 0..<concurrency { submit() }
            while let result = await group.next() {
                if let result { problems.append(result) }
                submit()
            }
            return problems
        }
    }
}
