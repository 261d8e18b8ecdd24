import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Provisioning
import SCIM
import Store
import Testing

/// requirements §7 over HTTP: every SCIM write is exactly one sync-log entry written with the change,
/// a refused write leaves no data and one failure entry, mapping effects are entries of their own.
@Suite("Sync log over HTTP")
struct SyncLogTests {
    static let writeOperations: Set<String> = ["create", "replace", "patch", "delete"]

    // MARK: One entry per write, under load

    /// What one request was and how it ended.
    struct Outcome: Sendable {
        var requestID: String
        var operation: String
        var status: Int
    }

    /// One worker's writes over its own connection: creates, PATCHes, PUTs, DELETEs, a shared
    /// group every worker changes, and two writes that must be refused.
    static func workload(_ w: Int, port: Int, token: String, shared: String) async throws -> [Outcome] {
        try await TestClient.withClient(host: "localhost", port: port) { client in
            var outcomes: [Outcome] = []
            func send(_ method: HTTPRequest.Method, _ path: String, _ body: SCIMValue? = nil) async throws -> SCIMValue? {
                let requestID = "load-\(w)-\(outcomes.count)"
                var headers = HTTPFields()
                headers[.authorization] = "Bearer \(token)"
                headers[SCIMTestClient.requestIDHeader] = requestID
                headers[.connection] = "keep-alive"
                if body != nil { headers[.contentType] = "application/scim+json" }
                let request = TestClient.Request(
                    "/scim/v2/\(path)", method: method, authority: "localhost", headers: headers,
                    body: body.map { ByteBuffer(bytes: $0.serialized()) })
                let response = try await client.execute(request)
                let operation = [.post: "create", .put: "replace", .patch: "patch", .delete: "delete"][method] ?? "?"
                outcomes.append(Outcome(requestID: requestID, operation: operation, status: Int(response.status.code)))
                let text = response.body.map { String(buffer: $0) } ?? ""
                return text.isEmpty ? nil : try? SCIMValue(parsing: text)
            }
            func patchBody(_ ops: [SCIMValue]) -> SCIMValue { SCIMTestClient.patchBody(ops) }
            let userSchema: SCIMValue = [.string(SCIMTestClient.userSchema)]
            var users: [String] = []
            for i in 0..<10 {
                let created = try await send(
                    .post, "Users", ["schemas": userSchema, "userName": .string("w\(w)-u\(i)@load.test"), "externalId": .string("x\(w)-\(i)")])
                users.append(created?["id"]?.stringValue ?? "missing")
            }
            let group = try await send(
                .post, "Groups",
                ["schemas": [.string(SCIMTestClient.groupSchema)], "displayName": .string("Load \(w)"),
                 "members": .array(users.prefix(3).map { ["value": .string($0)] })])
            let groupID = group?["id"]?.stringValue ?? "missing"
            for (i, id) in users.enumerated() {
                _ = try await send(.patch, "Users/\(id)", patchBody([["op": "replace", "path": "displayName", "value": .string("User \(w)-\(i)")]]))
            }
            for (i, id) in users.prefix(5).enumerated() {
                _ = try await send(
                    .put, "Users/\(id)", ["schemas": userSchema, "userName": .string("w\(w)-u\(i)@load.test"), "title": "Engineer"])
            }
            _ = try await send(.patch, "Groups/\(groupID)", patchBody([EntraBodies.addMembers(Array(users[3...]))]))
            _ = try await send(.patch, "Groups/\(groupID)", patchBody([EntraBodies.removeMembers([users[0], users[1]])]))
            _ = try await send(.patch, "Groups/\(shared)", patchBody([EntraBodies.addMembers([users[9]])]))
            _ = try await send(
                .put, "Groups/\(groupID)",
                ["schemas": [.string(SCIMTestClient.groupSchema)], "displayName": .string("Load \(w)"),
                 "members": .array(users.suffix(4).map { ["value": .string($0)] })])
            // Refused: a duplicate userName (409) and an unknown PATCH op (400).
            _ = try await send(.post, "Users", ["schemas": userSchema, "userName": .string("W\(w)-U0@load.test")])
            _ = try await send(.patch, "Users/\(users[1])", patchBody([["op": "frobnicate", "path": "title", "value": "x"]]))
            for id in users.prefix(5) { _ = try await send(.delete, "Users/\(id)") }
            return outcomes
        }
    }

    @Test("under 16 concurrent writers, each of 592 writes has exactly one entry, success or failure as answered")
    func oneEntryPerWriteUnderLoad() async throws {
        try await TestServer.run { scim in
            let info = try await scim.adminInfo()
            _ = try await scim.services.mappings.createRole(name: "Loader", info: info)
            _ = try await scim.services.mappings.addMapping(kind: .role, group: "Everyone", target: "Loader", info: info)
            let shared = try await scim.createGroup("Everyone").id
            let port = try #require(scim.client.port)
            let token = scim.token
            let outcomes = try await withThrowingTaskGroup(of: [Outcome].self) { tasks in
                for w in 0..<16 { tasks.addTask { try await Self.workload(w, port: port, token: token, shared: shared) } }
                return try await tasks.reduce(into: []) { $0 += $1 }
            }
            #expect(outcomes.count >= 500)
            #expect(outcomes.allSatisfy { $0.status < 500 }, "no write may fail with a server error")
            let succeeded = outcomes.filter { (200...299).contains($0.status) }
            #expect(outcomes.count - succeeded.count == 32)  // exactly the two refusals per worker

            let entries = try await scim.logEntries().filter { $0.correlationID?.hasPrefix("load-") == true }
            let writes = entries.filter { Self.writeOperations.contains($0.operation) }
            #expect(writes.count + entries.filter { $0.operation == "mapping" }.count == entries.count)
            #expect(writes.filter { $0.status == .success }.count == succeeded.count)
            #expect(writes.filter { $0.status == .failure }.count == outcomes.count - succeeded.count)
            let byRequest = Dictionary(grouping: writes, by: { $0.correlationID ?? "" })
            for outcome in outcomes {
                let logged = byRequest[outcome.requestID] ?? []
                #expect(logged.count == 1, "\(outcome.requestID) has \(logged.count) entries")
                guard let entry = logged.first else { continue }
                #expect(entry.operation == outcome.operation)
                #expect(entry.status == ((200...299).contains(outcome.status) ? .success : .failure), "\(outcome)")
                if entry.status == .failure { #expect(entry.details?["status"]?.asInt == outcome.status) }
            }
            // The data agrees with the log: 5 of 10 users deleted per worker, every worker in the shared group.
            #expect(try await scim.list("Users", filter: "userName ew \"@load.test\"").totalResults == 80)
            #expect(try await scim.memberIDs(ofGroup: shared).count == 16)
            #expect(entries.contains { $0.operation == "mapping" && $0.message.contains("Loader") })
        }
    }

    // MARK: Refused writes

    @Test("a duplicate userName is 409: no second user, no success entry, one failure entry")
    func duplicateUserName() async throws {
        try await TestServer.run { scim in
            #expect(try await scim.createUser("ann@example.com").status == 201)
            let duplicate = try await scim.createUser("ANN@example.com", externalId: "other")
            #expect(duplicate.status == 409 && duplicate.scimType == "uniqueness")
            #expect(try await scim.list("Users", filter: "userName eq \"ann@example.com\"").totalResults == 1)
            #expect(try await scim.list("Users", filter: "externalId eq \"other\"").totalResults == 0)
            #expect(try await scim.logEntries(status: .success, operation: "create").count == 1)
            let failures = try await scim.logEntries(status: .failure)
            #expect(failures.count == 1)
            #expect(failures.first?.operation == "create" && failures.first?.errorCode == "uniqueness")
            #expect(failures.first?.details?["status"]?.asInt == 409)
            #expect(failures.first?.message == duplicate.detail)
        }
    }

    @Test("a PATCH with a bad op, or with a member that does not exist, changes nothing at all")
    func refusedPatchesChangeNothing() async throws {
        try await TestServer.run { scim in
            let info = try await scim.adminInfo()
            _ = try await scim.services.mappings.createRole(name: "Seller", info: info)
            _ = try await scim.services.mappings.addMapping(kind: .role, group: "Sales", target: "Seller", info: info)
            let ann = try await scim.createUser("ann@example.com").id
            let bob = try await scim.createUser("bob@example.com").id
            let sales = try await scim.createGroup("Sales", members: [ann])
            let before = try await scim.logEntries().count

            let badOp = try await scim.patch("Users/\(bob)", [["op": "frobnicate", "path": "title", "value": "x"]])
            #expect(badOp.status == 400 && badOp.isSCIMError)
            // The first operation is valid, the second names nobody: all or nothing (RFC 7644 §3.5.2).
            let ghost = UUID().uuidString
            let mixed = try await scim.patch(
                "Groups/\(sales.id)",
                [["op": "replace", "path": "displayName", "value": "Renamed"], EntraBodies.addMembers([bob, ghost])])
            #expect(mixed.status == 400 && mixed.detail.contains(ghost))

            let group = try await scim.request(.get, "Groups/\(sales.id)")
            #expect(group["displayName"] == "Sales" && group.memberIDs == [ann] && group.version == sales.version)
            #expect(try await scim.request(.get, "Users/\(bob)")["title"] == nil)
            #expect(try await scim.effectiveRoles(bob) == [])
            let after = try await scim.logEntries()
            #expect(after.count == before + 2)
            let refusals = after.suffix(2)
            #expect(refusals.map(\.status) == [.failure, .failure])
            #expect(refusals.map(\.operation) == ["patch", "patch"])
            #expect(refusals.map { $0.details?["status"]?.asInt } == [400, 400] as [Int?])
            #expect(refusals.map(\.resourceID) == [bob, sales.id] as [String?])
        }
    }

    @Test("a group created with a member that does not exist is not created; a missing DELETE is 404, logged")
    func refusedCreateAndDelete() async throws {
        try await TestServer.run { scim in
            let created = try await scim.createGroup("Ghosts", members: ["no-such-user"])
            #expect(created.status == 400 && created.isSCIMError)
            #expect(try await scim.list("Groups", filter: "displayName eq \"Ghosts\"").totalResults == 0)
            let gone = try await scim.request(.delete, "Users/\(UUID().uuidString)")
            #expect(gone.status == 404)
            let entries = try await scim.logEntries()
            #expect(entries.filter { $0.status == .success }.isEmpty)
            #expect(entries.map(\.operation) == ["create", "delete"])
            #expect(entries.map { $0.details?["status"]?.asInt } == [400, 404] as [Int?])
            #expect(entries.first?.resourceName == "Ghosts")
        }
    }

    @Test("a body that is not JSON is refused with 400 and logged as a failed create")
    func unparsableBody() async throws {
        try await TestServer.run { scim in
            let response = try await scim.request(.post, "Users", body: "{\"userName\": ")
            #expect(response.status == 400 && response.isSCIMError)
            let entries = try await scim.logEntries()
            #expect(entries.map(\.operation) == ["create"])
            #expect(entries.first?.status == .failure && entries.first?.details?["status"]?.asInt == 400)
        }
    }

    @Test("each bulk operation is one entry, including those the bulk layer itself refuses")
    func bulkOperations() async throws {
        try await TestServer.run { scim in
            let ann = try await scim.createUser("ann@example.com").id
            let before = try await scim.logEntries().count
            let user: SCIMValue = ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "bulk@example.com"]
            let title = SCIMTestClient.patchBody([["op": "replace", "path": "title", "value": "Lead"]])
            let response = try await scim.request(
                .post, "Bulk",
                json: SCIMTestClient.bulkBody([
                    ["method": "POST", "path": "/Users", "bulkId": "b1", "data": user],
                    ["method": "PATCH", "path": .string("/Users/\(ann)"), "data": title],
                    ["method": "DELETE", "path": .string("/Users/\(UUID().uuidString)")],  // 404 from the service
                    ["method": "PATCH", "path": "/Users/bulkId:undefined", "data": title],  // refused by the bulk layer
                    ["method": "POST", "path": "/Users", "data": user],  // no bulkId: refused by the bulk layer
                ]))
            #expect(response.status == 200)
            let statuses = response["Operations"]?.arrayValue?.compactMap { $0["status"]?.stringValue } ?? []
            #expect(statuses == ["201", "200", "404", "400", "400"])
            let entries = try await scim.logEntries().dropFirst(before).filter { $0.operation != "mapping" }
            #expect(entries.filter { $0.status == .success }.count == 2)
            #expect(entries.filter { $0.status == .failure }.count == 3, "\(entries.map(\.message))")
        }
    }

    // MARK: What an entry holds

    @Test("an entry names client, correlation id, resource and changes old → new; mapping effects are separate")
    func entryContents() async throws {
        try await TestServer.run { scim in
            let info = try await scim.adminInfo()
            _ = try await scim.services.mappings.createRole(name: "Seller", info: info)
            _ = try await scim.services.mappings.addMapping(kind: .role, group: "Sales", target: "Seller", info: info)
            let ann = try await scim.createUser("ann@example.com", externalId: "ann-ext").id
            let sales = try await scim.createGroup("Sales").id
            let correlation = "req-\(UUID().uuidString)"
            let headers = SCIMTestClient.header(SCIMTestClient.requestIDHeader, correlation)
            _ = try await scim.patch("Users/\(ann)", [["op": "replace", "path": "title", "value": "Lead"]], headers: headers)
            _ = try await scim.patch("Groups/\(sales)", [EntraBodies.addMembers([ann])], headers: headers)

            let tagged = try await scim.logEntries().filter { $0.correlationID == correlation }
            #expect(tagged.map(\.operation) == ["patch", "patch", "mapping"])
            let userPatch = try #require(tagged.first)
            #expect(userPatch.client == "test" && userPatch.sourceAddress != nil)
            #expect(userPatch.resourceType == "User" && userPatch.resourceID == ann)
            #expect(userPatch.resourceName == "ann@example.com" && userPatch.externalID == "ann-ext")
            #expect(userPatch.changes == [["attribute": "title", "old": nil, "new": "Lead"]])
            let groupPatch = tagged[1]
            #expect(groupPatch.changes?.arrayValue?.first?["added"] == [.string(ann)])
            let effect = tagged[2]
            #expect(effect.status == .success && effect.resourceID == ann)
            #expect(effect.changes?.arrayValue?.first?["added"] == ["Seller"])
        }
    }
}

extension SCIMTestClient {
    static let requestIDHeader = HTTPField.Name("X-Request-ID")!
}
