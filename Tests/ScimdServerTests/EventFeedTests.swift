import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing

/// The application event feed end to end (requirements §8): every event type from the SCIM
/// request that causes it, written in that request's transaction (a refused request leaves
/// none), read through `GET /admin/v1/events` with cursors that never skip or repeat.
@Suite("Event feed over HTTP")
struct EventFeedTests {
    static let enterprise = SCIMTestClient.enterpriseSchema

    /// Every event of the caller's tenant after `after`, following `nextCursor` page by page.
    static func feed(_ scim: SCIMTestClient, token: String, after: String = "0", types: String? = nil, limit: Int = 1000)
        async throws -> [SCIMValue]
    {
        var cursor = after
        var events: [SCIMValue] = []
        while true {
            var path = "events?after=\(cursor)&limit=\(limit)"
            if let types { path += "&type=\(types)" }
            let page = try await scim.admin(.get, path, token: token)
            try #require(page.status == 200, "\(page.raw)")
            let batch = page["events"]?.arrayValue ?? []
            events += batch
            let next = try #require(page["nextCursor"]?.stringValue)
            if batch.isEmpty { return events }
            cursor = next
        }
    }

    static func types(_ events: [SCIMValue]) -> [String] { events.compactMap { $0["type"]?.stringValue } }

    static func requestID(_ id: String) -> HTTPFields { SCIMTestClient.header(SCIMTestClient.requestIDHeader, id) }

    @Test("a user's create, updates, deactivation, reactivation and delete each announce their events, in the one JSON shape")
    func userLifecycle() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let created = try await scim.request(
                .post, "Users",
                json: ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "ann@example.com", "externalId": "ann-1"],
                headers: Self.requestID("create-ann"))
            #expect(created.status == 201)
            var events = try await Self.feed(scim, token: token)
            #expect(Self.types(events) == ["user.created", "user.provisioned"])
            let first = try #require(events.first)
            #expect(first["tenant"] == "default" && first["correlationId"] == "create-ann")
            #expect(UUID(uuidString: first["id"]?.stringValue ?? "") != nil)
            #expect(SCIMDateTime.parse(first["time"]?.stringValue ?? "") != nil, "\(first)")
            #expect(first["data"] == ["id": .string(created.id), "externalId": "ann-1", "userName": "ann@example.com"])
            #expect(first["cursor"]?.stringValue.flatMap { Int64($0) } != nil)
            let cursor = try #require(events.last?["cursor"]?.stringValue)

            #expect(try await scim.patch("Users/\(created.id)", [["op": "replace", "path": "displayName", "value": "Ann"]]).status == 200)
            #expect(try await scim.patch("Users/\(created.id)", [["op": "replace", "path": "active", "value": false]]).status == 200)
            #expect(try await scim.patch("Users/\(created.id)", [["op": "replace", "path": "active", "value": true]]).status == 200)
            // A PATCH that changes nothing announces nothing.
            #expect(try await scim.patch("Users/\(created.id)", [["op": "replace", "path": "active", "value": true]]).status == 200)
            #expect(try await scim.request(.delete, "Users/\(created.id)").status == 204)
            events = try await Self.feed(scim, token: token, after: cursor)
            #expect(
                Self.types(events) == [
                    "user.updated", "user.updated", "user.deactivated", "user.updated", "user.reactivated", "user.deleted",
                ])
            #expect(events[0]["data"]?["changedAttributes"] == ["displayName"])
            #expect(events[1]["data"]?["changedAttributes"] == ["active"])
            #expect(events[5]["data"]?["userName"] == "ann@example.com" && events[5]["data"]?["id"] == .string(created.id))
            // Every event has its own idempotency id; cursors rise.
            let all = try await Self.feed(scim, token: token)
            #expect(Set(all.compactMap { $0["id"]?.stringValue }).count == all.count)
            let cursors = all.compactMap { $0["cursor"]?.stringValue.flatMap { Int64($0) } }
            #expect(cursors == cursors.sorted() && Set(cursors).count == cursors.count)
        }
    }

    @Test("a group's create, rename, member adds and removes and delete: one user event per member")
    func groupLifecycle() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let ann = try await scim.createUser("ann@example.com").id
            let bob = try await scim.createUser("bob@example.com", externalId: "bob-1").id
            let start = try #require(try await Self.feed(scim, token: token).last?["cursor"]?.stringValue)
            let group = try await scim.createGroup("Sales", members: [ann])
            #expect(group.status == 201)
            #expect(try await scim.patch("Groups/\(group.id)", [EntraBodies.addMembers([bob])]).status == 200)
            // Adding someone already there changes nothing.
            #expect(try await scim.patch("Groups/\(group.id)", [EntraBodies.addMembers([bob])]).status == 200)
            #expect(try await scim.patch("Groups/\(group.id)", [EntraBodies.removeMembers([ann])]).status == 200)
            let put = try await scim.request(
                .put, "Groups/\(group.id)",
                json: [
                    "schemas": [.string(SCIMTestClient.groupSchema)], "displayName": "Sales EMEA",
                    "members": [["value": .string(bob)]],
                ])
            #expect(put.status == 200)
            #expect(try await scim.request(.delete, "Groups/\(group.id)").status == 204)
            let events = try await Self.feed(scim, token: token, after: start)
            #expect(
                Self.types(events) == [
                    "group.created", "group.user_added", "group.updated", "group.user_added", "group.updated",
                    "group.user_removed", "group.updated", "group.deleted",
                ])
            #expect(events[0]["data"] == ["id": .string(group.id), "externalId": .null, "displayName": "Sales"])
            #expect(events[1]["data"]?["user"] == ["id": .string(ann), "externalId": .null, "userName": "ann@example.com"])
            #expect(events[1]["data"]?["group"]?["displayName"] == "Sales")
            #expect(events[3]["data"]?["user"]?["externalId"] == "bob-1")
            #expect(events[2]["data"]?["changedAttributes"] == ["members"])
            #expect(events[5]["data"]?["user"]?["id"] == .string(ann))
            #expect(events[6]["data"]?["changedAttributes"] == ["displayName"])
            #expect(events[7]["data"]?["displayName"] == "Sales EMEA")
        }
    }

    @Test("a refused request announces nothing: the event is in the change's transaction")
    func refusedRequestsEmitNothing() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let ann = try await scim.createUser("ann@example.com").id
            let group = try await scim.createGroup("Sales").id
            let before = try await Self.feed(scim, token: token)
            #expect(try await scim.createUser("ANN@example.com").status == 409)
            #expect(try await scim.createGroup("Staff", members: [ann, "no-such-user"]).status == 400)
            #expect(try await scim.patch("Groups/\(group)", [EntraBodies.addMembers([ann, "no-such-user"])]).status == 400)
            #expect(try await scim.patch("Users/\(ann)", [["op": "remove", "path": "userName"]]).status == 400)
            let stale = SCIMTestClient.header(HTTPField.Name("If-Match")!, #"W/"999""#)
            let deactivate: [SCIMValue] = [["op": "replace", "path": "active", "value": false]]
            #expect(try await scim.patch("Users/\(ann)", deactivate, headers: stale).status == 412)
            #expect(try await scim.request(.delete, "Users/no-such-user").status == 404)
            #expect(try await Self.feed(scim, token: token) == before)
            // A /Bulk whose second operation fails keeps the first one's events only.
            func create(_ bulkId: String, _ userName: String) -> SCIMValue {
                [
                    "method": "POST", "path": "/Users", "bulkId": .string(bulkId),
                    "data": ["schemas": [.string(SCIMTestClient.userSchema)], "userName": .string(userName)],
                ]
            }
            let bulk = try await scim.request(
                .post, "Bulk",
                json: SCIMTestClient.bulkBody([create("b1", "cy"), create("b2", "CY")]))
            #expect(bulk.status == 200)
            let afterBulk = try await Self.feed(scim, token: token, after: before.last?["cursor"]?.stringValue ?? "0")
            #expect(Self.types(afterBulk) == ["user.created", "user.provisioned"])
        }
    }

    @Test("a user joining a mapped group announces assignment.changed with roles and organization before and after")
    func assignmentChanged() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            #expect(try await scim.admin(.post, "roles", json: ["name": "Analyst"], token: token).status == 201)
            #expect(try await scim.admin(.post, "organizations", json: ["name": "EMEA"], token: token).status == 201)
            for (kind, target) in [("role", "Analyst"), ("organization", "EMEA")] {
                let mapping: SCIMValue = ["kind": .string(kind), "group": "Sales", "target": .string(target)]
                #expect(try await scim.admin(.post, "mappings", json: mapping, token: token).status == 201)
            }
            let ann = try await scim.createUser("ann@example.com").id
            let start = try #require(try await Self.feed(scim, token: token).last?["cursor"]?.stringValue)
            let group = try await scim.createGroup("Sales", members: [ann]).id
            var events = try await Self.feed(scim, token: token, after: start, types: "assignment.changed")
            #expect(events.count == 1)
            let data = try #require(events.first?["data"])
            #expect(data["id"] == .string(ann) && data["userName"] == "ann@example.com")
            #expect(data["roles"] == ["before": [], "after": ["Analyst"]])
            #expect(data["organization"] == ["before": .null, "after": "EMEA"])
            #expect(try await scim.patch("Groups/\(group)", [EntraBodies.removeMembers([ann])]).status == 200)
            events = try await Self.feed(scim, token: token, after: start, types: "assignment.changed")
            #expect(events.count == 2)
            #expect(events.last?["data"]?["roles"] == ["before": ["Analyst"], "after": []])
            #expect(events.last?["data"]?["organization"] == ["before": "EMEA", "after": .null])
        }
    }

    @Test("user.provisioned: once per new in-scope user; none while out of scope; once on coming into scope")
    func provisionedOnce() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            try await scim.services.scope.update(info: try await scim.adminInfo()) { $0.criteria[.department] = .values(["Sales"]) }
            let ann = try await scim.createUser("ann@example.com", extra: [Self.enterprise: ["department": "Sales"]]).id
            let bob = try await scim.createUser("bob@example.com", extra: [Self.enterprise: ["department": "Legal"]]).id
            func provisioned() async throws -> [String] {
                try await Self.feed(scim, token: token, types: "user.provisioned").compactMap { $0["data"]?["id"]?.stringValue }
            }
            #expect(try await provisioned() == [ann])
            // Out of scope: updates announce user.updated but never user.provisioned.
            #expect(try await scim.patch("Users/\(bob)", [["op": "replace", "path": "displayName", "value": "Bob"]]).status == 200)
            #expect(try await provisioned() == [ann])
            let department = "\(Self.enterprise):department"
            #expect(try await scim.patch("Users/\(bob)", [["op": "replace", "path": .string(department), "value": "Sales"]]).status == 200)
            #expect(try await provisioned() == [ann, bob])
            // Leaving and coming back, and further updates, announce nothing more.
            #expect(try await scim.patch("Users/\(bob)", [["op": "replace", "path": .string(department), "value": "Legal"]]).status == 200)
            #expect(try await scim.patch("Users/\(bob)", [["op": "replace", "path": .string(department), "value": "Sales"]]).status == 200)
            #expect(try await scim.patch("Users/\(ann)", [["op": "replace", "path": "displayName", "value": "Ann"]]).status == 200)
            #expect(try await provisioned() == [ann, bob])

            // Coming into scope through a rules change (a recompute job, not a request on the user).
            let cy = try await scim.createUser("cy@example.com", extra: [Self.enterprise: ["department": "Legal"]]).id
            #expect(try await provisioned() == [ann, bob])
            try await scim.services.scope.update(info: try await scim.adminInfo()) {
                $0.criteria[.department] = .values(["Sales", "Legal"])
            }
            try await waitFor { try await provisioned() == [ann, bob, cy] }
            #expect(try await provisioned() == [ann, bob, cy])
        }
    }

    @Test("local users, provision on demand and /Bulk go through the same paths and announce the same events")
    func otherWritePaths() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let lou: SCIMValue = ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "lou@example.com", "active": true]
            let local = try await scim.admin(.post, "users", json: lou, token: token)
            #expect(local.status == 201, "\(local.raw)")
            #expect(try await scim.admin(.post, "users/lou%40example.com/deactivate", token: token).status == 200)
            #expect(try await scim.admin(.delete, "users/lou%40example.com", token: token).status == 204)
            let provisioned = try await scim.admin(
                .post, "provision", json: ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "pod@example.com"], token: token)
            #expect(provisioned.status == 200, "\(provisioned.raw)")
            _ = try await scim.admin(
                .post, "provision?dryRun=true", json: ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "dry@example.com"],
                token: token)
            let events = try await Self.feed(scim, token: token)
            #expect(
                Self.types(events) == [
                    "user.created", "user.provisioned", "user.updated", "user.deactivated", "user.deleted", "user.created",
                    "user.provisioned",
                ])
            #expect(events[5]["data"]?["userName"] == "pod@example.com")
        }
    }

    @Test("cursors are per tenant: tenant B never sees tenant A's events")
    func perTenant() async throws {
        try await TestServer.run { scim in
            let tokenA = try await scim.adminToken()
            let scimB = try await scim.token(forNewTenant: "b")
            let tokenB = try await scim.services.tokenAdministration.createToken(tenantName: "b", name: "ops-b", kind: .admin).secret
            _ = try await scim.createUser("ann@example.com")
            _ = try await scim.createUser("bea@example.com", token: scimB)
            _ = try await scim.createUser("al@example.com")
            let a = try await Self.feed(scim, token: tokenA, limit: 1)
            let b = try await Self.feed(scim, token: tokenB, limit: 1)
            #expect(
                a.compactMap { $0["data"]?["userName"]?.stringValue }
                    == ["ann@example.com", "ann@example.com", "al@example.com", "al@example.com"])
            #expect(b.compactMap { $0["data"]?["userName"]?.stringValue } == ["bea@example.com", "bea@example.com"])
            #expect(b.allSatisfy { $0["tenant"] == "b" } && a.allSatisfy { $0["tenant"] == "default" })
            // Past A's newest event, B's feed is empty: B's events are never behind A's cursor.
            let lastA = try #require(a.last?["cursor"]?.stringValue)
            #expect(try await Self.feed(scim, token: tokenB, after: lastA).isEmpty)
        }
    }

    @Test("bad cursors, limits and types are 400 naming them; an empty page keeps the cursor")
    func badParameters() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            for (query, named) in [
                ("after=abc", "'after'"), ("after=-1", "'after'"), ("limit=0", "'limit'"), ("limit=1001", "'limit'"),
                ("limit=ten", "'limit'"), ("type=user.exploded", "'user.exploded'"), ("type=user.created,", "''"),
            ] {
                let response = try await scim.admin(.get, "events?\(query)", token: token)
                #expect(response.status == 400, "\(query): \(response.raw)")
                #expect(response.raw.contains(named), "\(query): \(response.raw)")
            }
            let empty = try await scim.admin(.get, "events?after=12345", token: token)
            #expect(empty.status == 200 && empty["events"] == [] && empty["nextCursor"] == "12345", "\(empty.raw)")
            let start = try await scim.admin(.get, "events", token: token)
            #expect(start.status == 200 && start["nextCursor"] == "0")
            #expect(try await scim.request(.get, "/admin/v1/events", token: scim.token).status == 401)
        }
    }

    @Test("under 8 concurrent writers a reader paging 7 at a time sees every event exactly once, in seq order")
    func concurrentWriters() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let writers = 8
            let perWriter = 12
            let done = Flag()
            async let reader: [SCIMValue] = {
                var cursor = "0"
                var seen: [SCIMValue] = []
                let deadline = ContinuousClock.now + .seconds(120)
                while ContinuousClock.now < deadline {
                    let finished = await done.isSet
                    let page = try await scim.admin(.get, "events?after=\(cursor)&limit=7", token: token)
                    let batch = page["events"]?.arrayValue ?? []
                    seen += batch
                    cursor = page["nextCursor"]?.stringValue ?? cursor
                    // Every write committed before `done` was set, so an empty page read after it is the end.
                    if batch.isEmpty && finished { break }
                }
                return seen
            }()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<writers {
                    group.addTask {
                        for i in 0..<perWriter {
                            let user = try await scim.createUser("w\(w)-\(i)@example.com")
                            #expect(user.status == 201)
                            if i.isMultiple(of: 2) { #expect(try await scim.request(.delete, "Users/\(user.id)").status == 204) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            await done.set()
            let seen = try await reader
            let all = try await Self.feed(scim, token: token)
            // created + provisioned per user, deleted for every second one.
            #expect(all.count == writers * perWriter * 2 + writers * perWriter / 2)
            let ids = seen.compactMap { $0["id"]?.stringValue }
            #expect(ids == all.compactMap { $0["id"]?.stringValue }, "the paging reader saw \(ids.count) of \(all.count)")
            #expect(Set(ids).count == ids.count)
            let cursors = seen.compactMap { $0["cursor"]?.stringValue.flatMap { Int64($0) } }
            #expect(cursors == cursors.sorted())
        }
    }
}

/// Set once by the writers, read by the reader.
private actor Flag {
    private(set) var isSet = false
    func set() { isSet = true }
}

/// Polls `condition` every 100 ms for up to 10 s (a recompute job runs in the background).
private func waitFor(_ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
}
