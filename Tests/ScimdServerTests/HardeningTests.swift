import Foundation
import HTTPTypes
import SCIM
import Testing

/// Regression tests for defects found by a hostile review (issue 7), each reproduced through
/// HTTP against a real server: quadratic PATCH, filters that overflowed SQLite, U+0000 in
/// strings, URN-qualified members, protocol details, and ETags that missed computed state.
@Suite("Hardening: hostile input and protocol details")
struct HardeningTests {
    static func emails(_ count: Int, prefix: String = "e") -> SCIMValue {
        .array((0..<count).map { ["value": .string("\(prefix)\($0)@example.com"), "type": "other"] })
    }

    static func elapsed(_ body: () async throws -> Void) async rethrows -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        return clock.now - start
    }

    // MARK: 1. PATCH of many values

    @Test("adding 15,000 emails in one PATCH is refused at once, not after quadratic work")
    func manyEmailsRefused() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("bulk@example.com")
            var response: SCIMTestResponse?
            let time = try await Self.elapsed {
                response = try await scim.patch("Users/\(user.id)", [["op": "add", "path": "emails", "value": Self.emails(15_000)]])
            }
            #expect(response?.status == 400)
            #expect(response?.scimType == "invalidValue")
            #expect(response?["detail"]?.stringValue?.contains("at most 1000") == true)
            // Took 16 s in a release build before the fix, minutes in a debug one; the release figure
            // (41-50 ms) is in docs/operations.md. This loose bound only catches a return of the
            // quadratic path, whatever else shares the machine.
            #expect(time < .seconds(60))
        }
    }

    @Test("a thousand single-value adds cannot grow a list past the limit, and stay linear")
    func manyOperationsBounded() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("ops@example.com")
            let operations: [SCIMValue] = (0..<1_000).map { i in
                ["op": "add", "path": "emails", "value": Self.emails(2, prefix: "op\(i)-")]
            }
            var response: SCIMTestResponse?
            let time = try await Self.elapsed { response = try await scim.patch("Users/\(user.id)", operations) }
            #expect(response?.status == 400)
            #expect(time < .seconds(60))
            // Nothing was applied (all or nothing).
            #expect(try await scim.request(.get, "Users/\(user.id)")["emails"] == nil)
        }
    }

    @Test("1,000 emails are added once each, however often they are sent, and removed by value")
    func thousandEmails() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("many@example.com")
            let add: SCIMValue = ["op": "add", "path": "emails", "value": Self.emails(1_000)]
            #expect(try await scim.patch("Users/\(user.id)", [add]).status == 200)
            let again = try await scim.patch("Users/\(user.id)", [add, add])
            #expect(again.status == 200)
            #expect(again["emails"]?.arrayValue?.count == 1_000)
            let remove: SCIMValue = ["op": "remove", "path": "emails", "value": Self.emails(999)]
            let removed = try await scim.patch("Users/\(user.id)", [remove])
            #expect(removed.status == 200)
            #expect(removed["emails"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == ["e999@example.com"])
        }
    }

    // MARK: 2. Long and deep filters

    static func orChain(_ names: [String]) -> String {
        names.map { "userName eq \"\($0)\"" }.joined(separator: " or ")
    }

    @Test("a 200-term or chain of userName eq works, over GET and POST /.search")
    func longOrChain() async throws {
        try await TestServer.run { scim in
            for i in 0..<5 { #expect(try await scim.createUser("u\(i)@example.com").status == 201) }
            let names = (0..<200).map { "u\($0)@example.com" }
            let get = try await scim.list("Users", filter: Self.orChain(names), ["count": "100"])
            #expect(get.status == 200)
            #expect(get.totalResults == 5)
            let search = try await scim.request(
                .post, "Users/.search",
                json: [
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                    "filter": .string(Self.orChain(names.reversed())),
                ])
            #expect(search.status == 200)
            #expect(search.totalResults == 5)
        }
    }

    @Test("deep filters compile: 50 nested not(), 48 alternating and/or levels, and not not folds")
    func deepFilters() async throws {
        try await TestServer.run { scim in
            let alice = try await scim.createUser("alice@example.com", extra: ["displayName": "Alice"])
            _ = try await scim.createUser("bob@example.com")
            // 49 nots (the parser allows 50 levels of nesting, and the comparison is one of them).
            var nots = #"userName eq "alice@example.com""#
            for _ in 0..<49 { nots = "not (\(nots))" }
            let odd = try await scim.list("Users", filter: nots)
            #expect(odd.status == 200)
            #expect(odd.resources.compactMap { $0["userName"]?.stringValue } == ["bob@example.com"])

            var alternating = #"userName eq "alice@example.com""#
            for level in 0..<48 {
                alternating = level % 2 == 0
                    ? #"(\#(alternating)) and displayName pr"#
                    : #"userName eq "nobody\#(level)" or (\#(alternating))"#
            }
            let deep = try await scim.list("Users", filter: alternating)
            #expect(deep.status == 200)
            #expect(deep.resources.compactMap { $0["id"]?.stringValue } == [alice.id])

            var many = #"emails[not (not (type eq "work"))]"#
            for i in 0..<90 { many += #" or userName eq "x\#(i)""# }
            #expect(try await scim.list("Users", filter: many).status == 200)
        }
    }

    // MARK: 3. U+0000 and control characters

    @Test("control characters in strings are refused; a NUL in a filter matches nothing")
    func nulCharacters() async throws {
        try await TestServer.run { scim in
            #expect(try await scim.createUser("alice").status == 201)
            // Once a false 409: the NUL cut the key to "alice".
            let evil = try await scim.createUser("alice\u{0}evil")
            #expect(evil.status == 400)
            #expect(evil.scimType == "invalidValue")
            #expect(evil["detail"]?.stringValue?.contains("U+0000") == true)
            let bell = try await scim.createUser("bell@example.com", extra: ["displayName": "ring\u{7}"])
            #expect(bell.status == 400)
            // Tab and line breaks stay allowed (RFC 7643 §4.1.2 addresses.formatted).
            let formatted = try await scim.createUser(
                "carol@example.com", extra: ["addresses": [["type": "work", "formatted": "1 Main St\nSpringfield\tUS"]]])
            #expect(formatted.status == 201)
            // A match-before-create must not link the wrong user: "alice\0zzz" is not "alice".
            let lookup = try await scim.list("Users", filter: "userName eq \"alice\\u0000zzz\"")
            #expect(lookup.status == 200)
            #expect(lookup.totalResults == 0)
            let raw = try await scim.list("Users", filter: "userName eq \"alice\u{0}zzz\"")
            #expect(raw.status == 200)
            #expect(raw.totalResults == 0)
            #expect(try await scim.list("Users", filter: "userName eq \"alice\"").totalResults == 1)
        }
    }

    @Test("a NUL after a non-ASCII character in a co filter neither crashes the server nor matches (fuzzer finding)")
    func nulInContains() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("zoe@example.de", extra: ["emails": [["value": "zoë@example.de", "type": "other"]]])
            let patched = try await scim.patch("Users/\(user.id)", [["op": "remove", "path": "emails[value co \"e\\u0000\"]"]])
            #expect(patched.status == 200)
            #expect(patched["emails"]?.arrayValue?.count == 1)
            let listed = try await scim.list("Users", filter: "emails co \"e\\u0000\"")
            #expect(listed.status == 200)
            #expect(listed.totalResults == 0)
            let bulk = try await scim.request(
                .post, "Bulk",
                json: [
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                    "Operations": [["method": "PATCH", "path": .string("/Users/\(user.id)"), "data": [
                        "schemas": [.string(SCIMTestClient.patchSchema)],
                        "Operations": [["op": "replace", "path": "displayName", "value": "bulkId:ë\u{0}x"]],
                    ]]],
                ])
            #expect(bulk.status == 200)
            #expect(try await scim.request(.get, "Users/\(user.id)").status == 200)
        }
    }

    @Test("roles.value of the scimd extension is refused in SQL, as it matches nothing in memory (fuzzer finding)")
    func rolesHaveNoSubAttributes() async throws {
        try await TestServer.run { scim in
            let response = try await scim.list("Users", filter: #"urn:scimd:params:scim:schemas:extension:2.0:User:roles.value eq "admin""#)
            #expect(response.status == 400)
            #expect(response.scimType == "invalidFilter")
        }
    }

    // MARK: 4. URN-qualified members

    @Test("members written under the core URN reach the membership table, with ids checked")
    func urnQualifiedMembers() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("member@example.com")
            let other = try await scim.createUser("other@example.com")
            let group = try await scim.createGroup("Team")
            let coreMembers = "urn:ietf:params:scim:schemas:core:2.0:Group:members"
            let qualified = try await scim.patch(
                "Groups/\(group.id)", [["op": "add", "value": [coreMembers: [["value": .string(user.id)]]]]])
            #expect(qualified.status == 200)
            let scoped = try await scim.patch(
                "Groups/\(group.id)",
                [["op": "add", "path": "urn:ietf:params:scim:schemas:core:2.0:Group", "value": ["members": [["value": .string(other.id)]]]]])
            #expect(scoped.status == 200)
            #expect(Set(try await scim.memberIDs(ofGroup: group.id)) == [user.id, other.id])
            let found = try await scim.list("Groups", filter: "members.value eq \"\(user.id)\"")
            #expect(found.resources.compactMap { $0["id"]?.stringValue } == [group.id])
            // The user's `groups` come from the same table.
            let groups = try await scim.request(.get, "Users/\(user.id)")["groups"]?.arrayValue ?? []
            #expect(groups.compactMap { $0["value"]?.stringValue } == [group.id])
            let bogus = try await scim.patch(
                "Groups/\(group.id)", [["op": "replace", "value": [coreMembers: [["value": "fake-member-id"]]]]])
            #expect(bogus.status == 400)
            #expect(bogus["detail"]?.stringValue?.contains("fake-member-id") == true)
            let nested = try await scim.patch(
                "Groups/\(group.id)",
                [["op": "replace", "value": ["urn:ietf:params:scim:schemas:core:2.0:Group": ["members": []]]]])
            #expect(nested.status == 200)
            #expect(try await scim.memberIDs(ofGroup: group.id).isEmpty)
        }
    }

    // MARK: 5. Protocol details

    @Test("filter on schemas (RFC 7644 §3.4.2.2 example)")
    func filterOnSchemas() async throws {
        try await TestServer.run { scim in
            let enterprise = try await scim.createUser(
                "emp@example.com",
                extra: [
                    "schemas": [.string(SCIMTestClient.userSchema), .string(SCIMTestClient.enterpriseSchema)],
                    SCIMTestClient.enterpriseSchema: ["employeeNumber": "42"],
                ])
            #expect(enterprise.status == 201)
            _ = try await scim.createUser("plain@example.com")
            let response = try await scim.list("Users", filter: "schemas eq \"\(SCIMTestClient.enterpriseSchema)\"")
            #expect(response.status == 200)
            #expect(response.resources.compactMap { $0["id"]?.stringValue } == [enterprise.id])
        }
    }

    @Test("removing the required userName is a mutability error (RFC 7644 §3.5.2.2)")
    func removeRequired() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("keep@example.com")
            let response = try await scim.patch("Users/\(user.id)", [["op": "remove", "path": "userName"]])
            #expect(response.status == 400)
            #expect(response.scimType == "mutability")
        }
    }

    @Test("a dateTime the validator accepts is accepted in a filter")
    func oneDateTimeGrammar() async throws {
        try await TestServer.run { scim in
            _ = try await scim.createUser("time@example.com")
            for value in ["2020-01-01T00:00:00", "2020-01-01t00:00:00z", "2020-01-01T00:00:00.5+01:00", "2020-06-30T23:59:60Z"] {
                let response = try await scim.list("Users", filter: "meta.lastModified gt \"\(value)\"")
                #expect(response.status == 200, "\(value)")
                #expect(response.totalResults == 1, "\(value)")
            }
            #expect(try await scim.list("Users", filter: #"meta.created gt "2020-02-30T00:00:00Z""#).status == 400)
        }
    }

    @Test("members[type eq …] folds case and members.display filters, as PATCH does")
    func memberSubAttributes() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("disp@example.com", extra: ["displayName": "Display Person"])
            let group = try await scim.createGroup("Displayed", members: [user.id])
            for filter in [
                #"members[type eq "user"]"#, #"members[type eq "USER"]"#, #"members.display eq "display person""#,
                #"members[display sw "Display"]"#,
            ] {
                let response = try await scim.list("Groups", filter: filter)
                #expect(response.status == 200, "\(filter)")
                #expect(response.resources.compactMap { $0["id"]?.stringValue } == [group.id], "\(filter)")
            }
        }
    }

    @Test("sortBy sorts as asked or refuses: value filters, memberships and unknown meta are refused")
    func sortByRules() async throws {
        try await TestServer.run { scim in
            _ = try await scim.createUser("b@example.com")
            _ = try await scim.createUser("a@example.com")
            let refusedUsers = [#"emails[type eq "work"].value"#, "groups", "meta.unknown", "urn:scimd:params:scim:schemas:extension:2.0:User:roles"]
            for sortBy in refusedUsers {
                let response = try await scim.list("Users", ["sortBy": sortBy])
                #expect(response.status == 400, "\(sortBy)")
                #expect(response.isSCIMError, "\(sortBy)")
            }
            #expect(try await scim.list("Groups", ["sortBy": "members"]).status == 400)
            for sortBy in ["meta.version", "meta.resourceType", "meta.location", "meta.created", "userName"] {
                #expect(try await scim.list("Users", ["sortBy": sortBy]).status == 200, "\(sortBy)")
            }
            let byName = try await scim.list("Users", ["sortBy": "meta.location", "sortOrder": "ascending"])
            let ids = byName.resources.compactMap { $0["id"]?.stringValue }
            #expect(ids == ids.sorted())
        }
    }

    @Test("/Schemas lists externalId and canonicalValues on every type sub-attribute")
    func schemasForMicrosoftValidator() async throws {
        try await TestServer.run { scim in
            for id in [SCIMTestClient.userSchema, SCIMTestClient.groupSchema] {
                let schema = try await scim.request(.get, "Schemas/\(id)")
                let attributes = schema["attributes"]?.arrayValue ?? []
                #expect(attributes.contains { $0["name"]?.stringValue == "externalId" }, "\(id)")
                for attribute in attributes {
                    for sub in attribute["subAttributes"]?.arrayValue ?? [] where sub["name"]?.stringValue == "type" {
                        #expect(sub["canonicalValues"] != nil, "\(attribute["name"]?.stringValue ?? "")")
                    }
                }
            }
        }
    }

    @Test("Entra's null update of the work email removes the email, leaving no empty element")
    func entraNullUpdate() async throws {
        try await TestServer.run { scim in
            for cleared in [SCIMValue.string(""), .null] {
                let user = try await scim.createUser(
                    "null\(cleared == .null ? "n" : "e")@example.com",
                    extra: ["emails": [["type": "work", "value": "w@example.com", "primary": true], ["type": "home", "value": "h@example.com"]]])
                let response = try await scim.patch(
                    "Users/\(user.id)", [["op": "replace", "path": #"emails[type eq "work"].value"#, "value": cleared]])
                #expect(response.status == 200)
                let emails = try await scim.request(.get, "Users/\(user.id)")["emails"]?.arrayValue ?? []
                #expect(emails.compactMap { $0["value"]?.stringValue } == ["h@example.com"])
                #expect(emails.allSatisfy { $0["value"] != nil })
                // Clearing a work email the user does not have creates nothing either.
                let again = try await scim.patch(
                    "Users/\(user.id)", [["op": "replace", "path": #"emails[type eq "work"].value"#, "value": cleared]])
                #expect(again.status == 200)
                #expect(try await scim.request(.get, "Users/\(user.id)")["emails"]?.arrayValue?.count == 1)
            }
        }
    }

    // MARK: 6. ETags follow the representation

    @Test("a user's ETag changes when it joins or leaves a group, or its group is renamed or deleted")
    func etagFollowsGroups() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("etag@example.com")
            var etag = try #require(user.headers[.eTag])
            func changed(_ why: String) async throws {
                let response = try await scim.request(.get, "Users/\(user.id)", headers: SCIMTestClient.header(.ifNoneMatch, etag))
                #expect(response.status == 200, "\(why)")
                etag = try #require(response.headers[.eTag])
            }
            let group = try await scim.createGroup("Joined", members: [user.id])
            try await changed("created with the user as member")
            #expect(
                try await scim.request(.get, "Users/\(user.id)", headers: SCIMTestClient.header(.ifNoneMatch, etag)).status == 304)
            _ = try await scim.patch("Groups/\(group.id)", [["op": "replace", "path": "displayName", "value": "Renamed"]])
            try await changed("group renamed")
            _ = try await scim.patch("Groups/\(group.id)", [["op": "remove", "path": .string("members[value eq \"\(user.id)\"]")]])
            try await changed("removed from the group")
            _ = try await scim.patch("Groups/\(group.id)", [["op": "add", "path": "members", "value": [["value": .string(user.id)]]]])
            try await changed("added again")
            #expect(try await scim.request(.delete, "Groups/\(group.id)").status == 204)
            try await changed("group deleted")
        }
    }

    @Test("a group's ETag changes when a member is deleted or renamed")
    func etagFollowsMembers() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("m@example.com")
            let kept = try await scim.createUser("k@example.com")
            let group = try await scim.createGroup("Holder", members: [user.id, kept.id])
            var etag = try #require(group.headers[.eTag])
            func changed(_ why: String) async throws {
                let response = try await scim.request(.get, "Groups/\(group.id)", headers: SCIMTestClient.header(.ifNoneMatch, etag))
                #expect(response.status == 200, "\(why)")
                etag = try #require(response.headers[.eTag])
            }
            _ = try await scim.patch("Users/\(kept.id)", [["op": "replace", "path": "displayName", "value": "Kept Person"]])
            try await changed("member renamed")
            #expect(try await scim.request(.delete, "Users/\(user.id)").status == 204)
            try await changed("member deleted")
            #expect(try await scim.memberIDs(ofGroup: group.id) == [kept.id])
        }
    }

    @Test("a user's ETag changes when its computed roles change")
    func etagFollowsAssignments() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("roles@example.com")
            _ = try await scim.createGroup("Admins", members: [user.id])
            let before = try #require(try await scim.request(.get, "Users/\(user.id)").headers[.eTag])
            _ = try await scim.services.mappings.createRole(name: "Admin", info: try await scim.adminInfo())
            _ = try await scim.services.mappings.addMapping(kind: .role, group: "Admins", target: "Admin", info: try await scim.adminInfo())
            let after = try await scim.request(.get, "Users/\(user.id)", headers: SCIMTestClient.header(.ifNoneMatch, before))
            #expect(after.status == 200)
            #expect(after.headers[.eTag] != before)
        }
    }
}

/// Issue 7, defect 8: an administrative change on a large mapped group must not hold the writer;
/// the identity provider's writes go on while the recompute job runs in the background.
@Suite("Hardening: long administrative changes")
struct LongAdminActionTests {
    @Test("deleting a role held by many users through the admin API answers at once; SCIM writes interleave with the job")
    func chunkedAdminAction() async throws {
        try await TestServer.run(configure: { $0.recomputeChunkSize = 20 }) { scim in
            let token = try await scim.adminToken()
            var ids: [String] = []
            for i in 0..<200 { ids.append(try await scim.createUser("bulk\(i)@example.com").id) }
            let group = try await scim.createGroup("Everyone", members: ids)
            #expect(group.status == 201)
            #expect(try await scim.admin(.post, "roles", json: ["name": "Member"], token: token).status == 201)
            _ = try await scim.services.mappings.addMapping(kind: .role, group: "Everyone", target: "Member", info: try await scim.adminInfo())
            // The mapping's own recompute is a job too: let the server's runner finish it.
            try await Self.waitForJobs(scim)
            #expect(try await scim.effectiveRoles(ids[199]) == ["Member"])

            #expect(try await scim.admin(.delete, "roles/Member", token: token).status == 204)
            // While the job runs, identity-provider writes are answered.
            for id in ids.prefix(10) {
                let patched = try await scim.patch("Users/\(id)", [["op": "replace", "path": "displayName", "value": "During"]])
                #expect(patched.status == 200)
            }
            try await Self.waitForJobs(scim)
            for id in [ids[0], ids[100], ids[199]] { #expect(try await scim.effectiveRoles(id).isEmpty) }
            let failures = try await scim.logEntries(status: .failure).filter { $0.message.hasPrefix("Unable to update user's role") }
            #expect(Set(failures.compactMap(\.resourceID)) == Set(ids))
            #expect(try await scim.logEntries(operation: "recompute").count == 2)
        }
    }

    /// Waits (bounded) until the server's recompute runner has finished every job.
    static func waitForJobs(_ scim: SCIMTestClient) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !scim.services.mappings.unfinishedRecomputeJobs().isEmpty {
            guard ContinuousClock.now < deadline else {
                Issue.record("recompute jobs did not finish within 30 s")
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
