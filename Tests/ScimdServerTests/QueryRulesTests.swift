import Foundation
import SCIM
import Testing

/// Queries over HTTP (RFC 7644 §3.4): every filter operator, value-path filters, precedence,
/// invalid filters, sorting, `attributes`, and `POST /.search` on a resource type and the root.
@Suite("Protocol rules: queries")
struct QueryRulesTests {
    /// Four users whose names and emails tell the operators apart. Bob's work address is not at
    /// `@x` but his home one is, so `emails[type eq "work" and value co "@x"]` must test one element.
    static func seed(_ scim: SCIMTestClient) async throws -> [String: String] {
        let people: [(String, String?, [SCIMValue])] = [
            ("alice@x.com", "Alice", [["type": "work", "value": "alice@x.com"]]),
            (
                "bob@y.com", nil,
                [["type": "work", "value": "bob@y.com"], ["type": "home", "value": "bob@x.com"]]
            ),
            ("carol@x.com", "Carol", [["type": "home", "value": "carol@x.com"]]),
            ("dave@z.org", nil, [["type": "work", "value": "dave@x.com"]]),
        ]
        var ids: [String: String] = [:]
        for (userName, displayName, emails) in people {
            var extra: [String: SCIMValue] = ["emails": .array(emails)]
            if let displayName { extra["displayName"] = .string(displayName) }
            let created = try await scim.createUser(
                userName, externalId: "ext-\(userName.prefix { $0 != "@" })", extra: extra)
            #expect(created.status == 201)
            ids[userName] = created.id
        }
        return ids
    }

    struct FilterCase: Sendable, CustomTestStringConvertible {
        let filter: String
        let expected: Set<String>
        var testDescription: String { filter }
    }

    static let filterCases: [FilterCase] = [
        .init(filter: #"userName eq "ALICE@x.com""#, expected: ["alice@x.com"]),
        .init(
            filter: #"userName ne "alice@x.com""#, expected: ["bob@y.com", "carol@x.com", "dave@z.org"]),
        .init(filter: #"userName co "@X.""#, expected: ["alice@x.com", "carol@x.com"]),
        .init(filter: #"userName sw "B""#, expected: ["bob@y.com"]),
        .init(filter: #"userName ew ".ORG""#, expected: ["dave@z.org"]),
        .init(filter: #"userName gt "bob@y.com""#, expected: ["carol@x.com", "dave@z.org"]),
        .init(
            filter: #"userName ge "bob@y.com""#, expected: ["bob@y.com", "carol@x.com", "dave@z.org"]),
        .init(filter: #"userName lt "bob""#, expected: ["alice@x.com"]),
        .init(filter: #"userName le "bob@y.com""#, expected: ["alice@x.com", "bob@y.com"]),
        .init(filter: "displayName pr", expected: ["alice@x.com", "carol@x.com"]),
        .init(filter: "not (displayName pr)", expected: ["bob@y.com", "dave@z.org"]),
        .init(filter: #"externalId eq "ext-bob""#, expected: ["bob@y.com"]),
        .init(
            filter: #"emails[type eq "work" and value co "@x"]"#, expected: ["alice@x.com", "dave@z.org"]),
        .init(filter: #"emails.type eq "home""#, expected: ["bob@y.com", "carol@x.com"]),
        .init(
            filter: #"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "c""#,
            expected: ["carol@x.com"]),
        .init(filter: #"USERNAME SW "c""#, expected: ["carol@x.com"]),
        // and binds tighter than or: a* or (b* and *.org), not (a* or b*) and *.org.
        .init(
            filter: #"userName sw "a" or userName sw "b" and userName ew ".org""#,
            expected: ["alice@x.com"]),
        .init(
            filter: #"(userName sw "a" or userName sw "d") and userName ew ".org""#,
            expected: ["dave@z.org"]),
        .init(filter: #"not (userName sw "a") and userName co "@x""#, expected: ["carol@x.com"]),
        .init(
            filter: #"userName sw "a" or not (userName co "@x") and emails.type eq "home""#,
            expected: ["alice@x.com", "bob@y.com"]),
    ]

    @Test("filters on users", arguments: filterCases)
    func filter(_ testCase: FilterCase) async throws {
        try await TestServer.run { scim in
            _ = try await Self.seed(scim)
            let response = try await scim.list("Users", filter: testCase.filter)
            #expect(response.status == 200, "\(response.raw)")
            #expect(Set(response.userNames) == testCase.expected)
            #expect(response.totalResults == testCase.expected.count)
        }
    }

    @Test("meta.lastModified gt a time before the last write finds only the resource written since")
    func lastModified() async throws {
        try await TestServer.run { scim in
            let ids = try await Self.seed(scim)
            // Dave was created last.
            let dave = try await scim.request(.get, "Users/\(ids["dave@z.org"]!)")
            let since = try #require(dave["meta"]?["lastModified"]?.stringValue)
            try await Task.sleep(for: .milliseconds(20))
            _ = try await scim.patch(
                "Users/\(ids["bob@y.com"]!)", [["op": "replace", "path": "nickName", "value": "b"]])
            let changed = try await scim.list("Users", filter: "meta.lastModified gt \"\(since)\"")
            #expect(changed.status == 200)
            #expect(changed.userNames == ["bob@y.com"])
            let before = try await scim.list("Users", filter: "meta.lastModified le \"\(since)\"")
            #expect(Set(before.userNames) == ["alice@x.com", "carol@x.com", "dave@z.org"])
        }
    }

    @Test("group filters: displayName and members[value eq]")
    func groupFilters() async throws {
        try await TestServer.run { scim in
            let ids = try await Self.seed(scim)
            let admins = try await scim.createGroup(
                "Admins", members: [ids["alice@x.com"]!, ids["bob@y.com"]!])
            let readers = try await scim.createGroup("Readers", members: [ids["bob@y.com"]!])
            #expect(
                try await scim.list("Groups", filter: #"displayName eq "admins""#).resourceIDs == [
                    admins.id
                ])
            #expect(
                try await scim.list("Groups", filter: #"displayName sw "R""#).resourceIDs == [readers.id])
            let alice = try await scim.list(
                "Groups", filter: "members[value eq \"\(ids["alice@x.com"]!)\"]")
            #expect(alice.resourceIDs == [admins.id])
            let bob = try await scim.list(
                "Groups", filter: "members.value eq \"\(ids["bob@y.com"]!)\"", ["sortBy": "displayName"])
            #expect(bob.resourceIDs == [admins.id, readers.id])
            #expect(
                try await scim.list("Groups", filter: "members[value eq \"\(ids["dave@z.org"]!)\"]")
                    .totalResults == 0)
        }
    }

    @Test(
        "an invalid filter gets 400 invalidFilter whose detail names the position",
        arguments: [
            (#"userName xx "a""#, 10),
            (#"userName eq"#, 12),
            (#"(userName eq "a""#, 17),
            (#"userName eq "a" and"#, 20),
            (#"emails[type eq "work""#, 22),
        ])
    func invalidFilter(_ filter: String, _ position: Int) async throws {
        try await TestServer.run { scim in
            let response = try await scim.list("Users", filter: filter)
            #expect(response.status == 400)
            #expect(response.scimType == "invalidFilter")
            #expect(response.isSCIMError)
            #expect(response.detail.contains("position \(position)"), "\(response.detail)")
        }
    }

    @Test(
        "sortBy userName ascending and descending",
        arguments: [("ascending", false), ("descending", true)])
    func sort(_ order: String, _ descending: Bool) async throws {
        try await TestServer.run { scim in
            _ = try await Self.seed(scim)
            // Case-insensitive order (userName is not caseExact): "Bert" sorts between "alice" and "bob".
            try await scim.createUser("Bert@w.com")
            let expected = ["alice@x.com", "Bert@w.com", "bob@y.com", "carol@x.com", "dave@z.org"]
            let response = try await scim.list("Users", ["sortBy": "userName", "sortOrder": order])
            #expect(response.status == 200)
            #expect(response.userNames == (descending ? expected.reversed() : expected))
        }
    }

    @Test(
        "attributes=userName returns only schemas, id and userName (and meta); excludedAttributes drops one"
    )
    func attributes() async throws {
        try await TestServer.run { scim in
            let ids = try await Self.seed(scim)
            let alice = ids["alice@x.com"]!
            let one = try await scim.list("Users/\(alice)", ["attributes": "userName"])
            #expect(one.status == 200)
            #expect(Set(one.object.keys).subtracting(["meta"]) == ["schemas", "id", "userName"])
            let listed = try await scim.list(
                "Users", filter: #"userName eq "alice@x.com""#, ["attributes": "userName"])
            let first = try #require(listed.resources.first?.objectValue)
            #expect(Set(first.keys).subtracting(["meta"]) == ["schemas", "id", "userName"])
            let excluded = try await scim.list(
                "Users/\(alice)", ["excludedAttributes": "emails,displayName"])
            #expect(excluded["emails"] == nil)
            #expect(excluded["displayName"] == nil)
            #expect(excluded["userName"] == "alice@x.com")
            #expect(excluded["externalId"] == "ext-alice")
        }
    }

    @Test("POST /Users/.search and root POST /.search answer a ListResponse")
    func search() async throws {
        try await TestServer.run { scim in
            let ids = try await Self.seed(scim)
            let group = try await scim.createGroup("Searchers", members: [ids["carol@x.com"]!])
            let body: SCIMValue = [
                "schemas": [.string(SCIMTestClient.searchSchema)], "filter": #"userName co "@x""#,
                "attributes": ["userName"], "sortBy": "userName", "sortOrder": "descending",
                "startIndex": 1, "count": 1,
            ]
            let users = try await scim.request(.post, "Users/.search", json: body)
            #expect(users.status == 200)
            #expect(users["schemas"] == [.string(SCIMTestClient.listSchema)])
            #expect(users.totalResults == 2)
            #expect(users.userNames == ["carol@x.com"])
            #expect(users.resources.first?["emails"] == nil)

            let all = try await scim.request(
                .post, ".search", json: ["schemas": [.string(SCIMTestClient.searchSchema)]])
            #expect(all.status == 200)
            #expect(all.totalResults == 5)
            #expect(Set(all.resourceIDs) == Set(ids.values).union([group.id]))

            let named = try await scim.request(
                .post, ".search",
                json: [
                    "schemas": [.string(SCIMTestClient.searchSchema)],
                    "filter": #"displayName eq "Searchers""#,
                ])
            #expect(named.status == 200)
            #expect(named.resourceIDs == [group.id])
            #expect(try await scim.request(.get, "Users/.search").status == 405)
        }
    }
}
