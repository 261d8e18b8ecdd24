import Foundation
import Provisioning
import SCIM
import Store
import Testing

/// Cursor pagination (RFC 9865) over HTTP: a walk returns every resource once and in order,
/// survives creates and deletes between pages, refuses cursors it did not issue for this query,
/// and coexists with index paging, which stays the default.
@Suite("Protocol rules: cursor pagination (RFC 9865)")
struct CursorPaginationTests {
    /// Stores `count` users named `prefix-0000`, … in one store transaction; returns their ids
    /// in creation order. A thousand SCIM creates (each a write with its log entry and events)
    /// would make these tests about write throughput on a loaded machine; the walks go over HTTP.
    static func seed(_ scim: SCIMTestClient, count: Int, prefix: String = "user", extra: (Int) -> [String: SCIMValue] = { _ in [:] })
        async throws -> [String]
    {
        let tenant = try await scim.services.tenants.tenant(named: TenantService.defaultTenantName)
        let bodies: [SCIMObject] = (0..<count).map { i in
            var body: SCIMObject = [
                "schemas": [.string(SCIMTestClient.userSchema)], "userName": .string(String(format: "\(prefix)-%04d", i)),
                "active": true,
            ]
            for (k, v) in extra(i) { body[k] = v }
            return body
        }
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        return try await scim.services.store.write { tx in
            var ids: [String] = []
            for body in bodies {
                let id = UUID().uuidString.lowercased()
                _ = try await tx.insertResource(
                    tenantID: tenant.id, type: "User", id: id, body: body, keys: IndexKeys.derive(type: "User", body: body), nowMs: nowMs)
                ids.append(id)
            }
            return ids
        }
    }

    /// Follows `nextCursor` from an empty cursor to the end; returns each page.
    static func walk(
        _ scim: SCIMTestClient, _ parameters: [(String, String)] = [], path: String = "Users", count: Int,
        between: (Int) async throws -> Void = { _ in }
    ) async throws -> [SCIMTestResponse] {
        var pages: [SCIMTestResponse] = []
        var cursor = ""
        while pages.count < 10_000 {
            let page = try await scim.list(path, cursorParameters(parameters, cursor: cursor, count: count))
            #expect(page.status == 200, "\(page.raw)")
            pages.append(page)
            guard page.status == 200, let next = page["nextCursor"]?.stringValue else { break }
            cursor = next
            try await between(pages.count)
        }
        return pages
    }

    static func cursorParameters(_ parameters: [(String, String)], cursor: String, count: Int) -> KeyValuePairs<String, String> {
        // KeyValuePairs has no initializer from a sequence; the list's few shapes are spelled out.
        let all = parameters + [("cursor", cursor), ("count", String(count))]
        switch all.count {
        case 2: return [all[0].0: all[0].1, all[1].0: all[1].1]
        case 3: return [all[0].0: all[0].1, all[1].0: all[1].1, all[2].0: all[2].1]
        default: return [all[0].0: all[0].1, all[1].0: all[1].1, all[2].0: all[2].1, all[3].0: all[3].1]
        }
    }

    @Test("a walk over 1,050 users with count 100 returns each once, in creation order")
    func walkReturnsEveryUserOnce() async throws {
        try await TestServer.run { scim in
            let ids = try await Self.seed(scim, count: 1_050)
            let pages = try await Self.walk(scim, [("attributes", "userName")], count: 100)
            #expect(pages.count == 11)
            #expect(pages.flatMap(\.resourceIDs) == ids)
            for (i, page) in pages.enumerated() {
                // RFC 9865 §2: totalResults counts every page; a cursor response has no startIndex.
                #expect(page.totalResults == 1_050)
                #expect(page.int("itemsPerPage") == (i < 10 ? 100 : 50))
                #expect(page["startIndex"] == nil)
                #expect((page["nextCursor"] != nil) == (i < 10), "nextCursor is omitted on the last page only")
                if let cursor = page["nextCursor"]?.stringValue {
                    // RFC 9865 §2: only RFC 3986 §2.3 unreserved characters.
                    #expect(cursor.allSatisfy { $0.isLetter && $0.isASCII || $0.isNumber || "-._~".contains($0) }, "\(cursor)")
                }
            }
        }
    }

    @Test("creates and deletes between pages neither skip nor repeat a user present for the whole walk")
    func walkUnderConcurrentChanges() async throws {
        try await TestServer.run { scim in
            let ids = try await Self.seed(scim, count: 300)
            var deleted: Set<String> = []
            var created: Set<String> = []
            var seen: [String] = []
            var cursor = ""
            var page = 0
            while true {
                let response = try await scim.list("Users", ["cursor": cursor, "count": "25", "attributes": "id"])
                #expect(response.status == 200)
                seen += response.resourceIDs
                guard let next = response["nextCursor"]?.stringValue else { break }
                cursor = next
                page += 1
                // Between pages: delete one user already returned and two not yet returned (one
                // right after the page's end), and create two.
                let ahead = ids.filter { !seen.contains($0) && !deleted.contains($0) }
                for victim in [seen.first { !deleted.contains($0) && !created.contains($0) }, ahead.first, ahead.dropFirst(7).first]
                    .compactMap({ $0 })
                {
                    #expect(try await scim.request(.delete, "Users/\(victim)").status == 204)
                    deleted.insert(victim)
                }
                for n in 0..<2 {
                    let user = try await scim.createUser("late-\(page)-\(n)")
                    #expect(user.status == 201)
                    created.insert(user.id)
                }
                #expect(page < 100, "the walk must end")
                if page >= 100 { break }
            }
            #expect(Set(seen).count == seen.count, "no user is returned twice")
            let survivors = ids.filter { !deleted.contains($0) }
            let seenSet = Set(seen)
            #expect(survivors.allSatisfy(seenSet.contains), "every user present for the whole walk is returned")
            // The walk is in creation order: survivors appear in the order they were made.
            #expect(seen.filter { Set(survivors).contains($0) } == survivors)
            // Users created during the walk come after everything older (they get higher seq).
            #expect(seen.filter(created.contains).count > 0)
        }
    }

    @Test("a sorted walk follows sortBy, keeps users without the sort value last, and repeats nobody", arguments: [false, true])
    func sortedWalk(descending: Bool) async throws {
        try await TestServer.run { scim in
            // Display names repeat (ties break by creation order) and a third of the users have none.
            let ids = try await Self.seed(scim, count: 40) { i in
                i % 3 == 0 ? [:] : ["displayName": .string(["Émile", "bea", "Zoë", "adam", "BEA"][i % 5])]
            }
            var parameters = [("sortBy", "displayName"), ("attributes", "displayName")]
            if descending { parameters.append(("sortOrder", "descending")) }
            let pages = try await Self.walk(scim, parameters, count: 7)
            let walked = pages.flatMap(\.resourceIDs)
            #expect(walked.count == 40)
            #expect(Set(walked).count == 40)
            // The same order index paging gives for the same sort.
            var indexParameters: KeyValuePairs<String, String> = ["sortBy": "displayName", "count": "100"]
            if descending { indexParameters = ["sortBy": "displayName", "sortOrder": "descending", "count": "100"] }
            let all = try await scim.list("Users", indexParameters)
            #expect(walked == all.resourceIDs)
            #expect(Set(ids) == Set(walked))
            let names = pages.flatMap(\.resources).map { $0["displayName"]?.stringValue }
            #expect(names.suffix(14).allSatisfy { $0 == nil }, "users without displayName come last")
        }
    }

    @Test(
        "a walk sorted by an indexed column (userName, or meta.lastModified where every user ties) returns each once, in order",
        arguments: ["userName", "meta.lastModified"])
    func walkSortedByIndexedColumn(sortBy: String) async throws {
        try await TestServer.run { scim in
            // Stored in one transaction with one timestamp: sorted by meta.lastModified, every
            // page boundary falls inside a tie, which only seq breaks.
            let ids = try await Self.seed(scim, count: 45) { i in ["displayName": .string("n\(i)")] }
            let pages = try await Self.walk(scim, [("sortBy", sortBy), ("attributes", "userName")], count: 10)
            #expect(pages.count == 5)
            #expect(pages.flatMap(\.resourceIDs) == ids)
        }
    }

    @Test("POST /Users/.search pages with cursor and count in the body, the filter applied")
    func searchWithCursor() async throws {
        try await TestServer.run { scim in
            _ = try await Self.seed(scim, count: 30, prefix: "alpha")
            _ = try await Self.seed(scim, count: 12, prefix: "beta")
            var cursor = ""
            var names: [String] = []
            var pages = 0
            repeat {
                let response = try await scim.request(
                    .post, "Users/.search",
                    json: [
                        "schemas": [.string(SCIMTestClient.searchSchema)], "filter": #"userName sw "BETA""#,
                        "cursor": .string(cursor), "count": 5, "attributes": ["userName"],
                    ])
                #expect(response.status == 200, "\(response.raw)")
                #expect(response.totalResults == 12)
                #expect(response["startIndex"] == nil)
                names += response.userNames
                pages += 1
                cursor = response["nextCursor"]?.stringValue ?? ""
            } while !cursor.isEmpty && pages < 10
            #expect(pages == 3)
            #expect(names == (0..<12).map { String(format: "beta-%04d", $0) })
            // The root search has no single order across resource types: index paging only.
            let root = try await scim.request(
                .post, ".search", json: ["schemas": [.string(SCIMTestClient.searchSchema)], "cursor": ""])
            #expect(root.status == 400)
            #expect(root.scimType == "invalidValue")
        }
    }

    @Test("cursors this server did not issue for this query are refused with invalidCursor")
    func invalidCursors() async throws {
        try await TestServer.run { scim in
            _ = try await Self.seed(scim, count: 6)
            for n in 0..<3 { #expect(try await scim.createGroup("group-\(n)").status == 201) }
            let first = try await scim.list("Users", filter: #"userName sw "user""#, ["cursor": "", "count": "2"])
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let groups = try await scim.list("Groups", ["cursor": "", "count": "1"])
            let groupCursor = try #require(groups["nextCursor"]?.stringValue)
            let otherTenant = try await scim.token(forNewTenant: "other")
            let foreign = try await scim.list("Users", filter: #"userName sw "user""#, ["cursor": "", "count": "2"], token: otherTenant)
            #expect(foreign.status == 200)
            #expect(foreign["nextCursor"] == nil, "the other tenant has no users")
            for n in 0..<3 { _ = try await scim.createUser("user-x\(n)", token: otherTenant) }
            let foreignFirst = try await scim.list("Users", filter: #"userName sw "user""#, ["cursor": "", "count": "2"], token: otherTenant)
            let foreignCursor = try #require(foreignFirst["nextCursor"]?.stringValue)

            // One character changed anywhere breaks the tag.
            var tampered = Array(cursor)
            let middle = tampered.count / 2
            tampered[middle] = tampered[middle] == "A" ? "B" : "A"
            let cases: [(String, String, String, String?)] = [
                ("tampered", "Users", String(tampered), #"userName sw "user""#),
                ("truncated", "Users", String(cursor.dropLast(3)), #"userName sw "user""#),
                ("not base64url", "Users", "not a cursor!", #"userName sw "user""#),
                ("another tenant's", "Users", foreignCursor, #"userName sw "user""#),
                ("from /Groups", "Users", groupCursor, nil),
                ("another filter", "Users", cursor, #"userName sw "use""#),
                ("no filter", "Users", cursor, nil),
                ("/Users cursor on /Groups", "Groups", cursor, nil),
            ]
            for (name, path, value, filter) in cases {
                let count = path == "Groups" ? "1" : "2"
                let response = try await scim.list(path, filter: filter, ["cursor": value, "count": count])
                #expect(response.status == 400, "\(name): \(response.raw)")
                #expect(response.isSCIMError, "\(name)")
                #expect(response.scimType == "invalidCursor", "\(name): \(response.raw)")
            }
            // The untouched cursor still works.
            let second = try await scim.list("Users", filter: #"userName sw "user""#, ["cursor": cursor, "count": "2"])
            #expect(second.status == 200)
            #expect(second.userNames == ["user-0002", "user-0003"])
        }
    }

    @Test("count: not a number, or not the walk's, is invalidCount; negative means 0 (RFC 9865 §2)")
    func counts() async throws {
        try await TestServer.run { scim in
            _ = try await Self.seed(scim, count: 5)
            let notNumber = try await scim.list("Users", ["cursor": "", "count": "ten"])
            #expect(notNumber.status == 400)
            #expect(notNumber.scimType == "invalidCount")
            let search = try await scim.request(
                .post, "Users/.search", json: ["schemas": [.string(SCIMTestClient.searchSchema)], "cursor": "", "count": "many"])
            #expect(search.status == 400)
            #expect(search.scimType == "invalidCount")
            // RFC 9865 §2 Table 1: "A negative value SHALL be interpreted as 0": totalResults only.
            let negative = try await scim.list("Users", ["cursor": "", "count": "-1"])
            #expect(negative.status == 200)
            #expect(negative.totalResults == 5)
            #expect(negative.resources.isEmpty)
            #expect(negative["nextCursor"] == nil)
            // RFC 9865 §2.1: later pages keep the first page's count.
            let first = try await scim.list("Users", ["cursor": "", "count": "2"])
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let changed = try await scim.list("Users", ["cursor": cursor, "count": "3"])
            #expect(changed.status == 400)
            #expect(changed.scimType == "invalidCount")
            // Without the RFC 9865 cursor a bad count stays RFC 7644's invalidValue.
            let indexPaging = try await scim.list("Users", ["count": "ten"])
            #expect(indexPaging.status == 400)
            #expect(indexPaging.scimType == "invalidValue")
        }
    }

    @Test("startIndex and cursor together are refused; without cursor, index paging is the default")
    func pagingMethods() async throws {
        try await TestServer.run { scim in
            _ = try await Self.seed(scim, count: 3)
            let both = try await scim.list("Users", ["startIndex": "1", "cursor": "", "count": "1"])
            #expect(both.status == 400)
            #expect(both.scimType == "invalidValue")
            let index = try await scim.list("Users", ["count": "1"])
            #expect(index.status == 200)
            #expect(index.int("startIndex") == 1)
            #expect(index["nextCursor"] == nil)
            // `?cursor` with no value is the empty cursor (RFC 9865 §2's own example).
            let bare = try await scim.request(.get, "Users?cursor&count=2")
            #expect(bare.status == 200)
            #expect(bare["nextCursor"] != nil)
            #expect(bare["startIndex"] == nil)
        }
    }

    @Test("a cursor older than cursorTimeout is expiredCursor; ServiceProviderConfig advertises the timeout")
    func expiredCursor() async throws {
        try await TestServer.run(configure: { $0.cursorTimeoutSeconds = 2 }) { scim in
            _ = try await Self.seed(scim, count: 3)
            let config = try await scim.request(.get, "ServiceProviderConfig")
            #expect(config.json?["pagination"]?["cursorTimeout"] == .integer(2))
            let clock = ContinuousClock()
            let start = clock.now
            let first = try await scim.list("Users", ["cursor": "", "count": "1"])
            // The cursor was issued between `start` and now.
            let issued = clock.now
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let sent = clock.now
            let fresh = try await scim.list("Users", ["cursor": cursor, "count": "1"])
            // The server saw the cursor between (sent - issued) and (now - start) after issuing it;
            // under heavy load that may straddle the timeout, and then either answer is right.
            if clock.now - start < .seconds(2) {
                #expect(fresh.status == 200)
            } else if sent - issued > .milliseconds(2_100) {
                #expect(fresh.scimType == "expiredCursor")
            } else {
                #expect(fresh.status == 200 || fresh.scimType == "expiredCursor", "\(fresh.raw)")
            }
            try await Task.sleep(until: issued + .milliseconds(2_200))
            let expired = try await scim.list("Users", ["cursor": cursor, "count": "1"])
            #expect(expired.status == 400)
            #expect(expired.scimType == "expiredCursor")
        }
    }

    @Test("ServiceProviderConfig advertises both pagination methods, index the default")
    func serviceProviderConfig() async throws {
        try await TestServer.run { scim in
            let config = try await scim.request(.get, "ServiceProviderConfig")
            #expect(config.status == 200)
            let pagination = config.json?["pagination"]
            #expect(pagination?["cursor"] == .bool(true))
            #expect(pagination?["index"] == .bool(true))
            #expect(pagination?["defaultPaginationMethod"] == .string("index"))
            #expect(pagination?["defaultPageSize"] == .integer(100))
            #expect(pagination?["maxPageSize"] == .integer(1000))
            #expect(pagination?["cursorTimeout"] == .integer(600))
        }
    }
}
