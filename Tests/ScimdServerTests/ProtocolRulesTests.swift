import Foundation
import HTTPTypes
import SCIM
import Testing

/// Write rules of RFC 7644 over HTTP: uniqueness, versioning (ETag, If-Match, If-None-Match),
/// member validation and PATCH atomicity, status codes, read-only and immutable attributes.
@Suite("Protocol rules: writes and versions")
struct ProtocolRulesTests {
    enum Write: String, CaseIterable, Sendable { case put, patch, delete }

    /// Sends a PUT, PATCH (displayName) or DELETE to a user, with `headers`.
    static func write(_ write: Write, user id: String, scim: SCIMTestClient, headers: HTTPFields)
        async throws -> SCIMTestResponse
    {
        switch write {
        case .put:
            return try await scim.request(
                .put, "Users/\(id)",
                json: [
                    "schemas": [.string(SCIMTestClient.userSchema)],
                    "userName": .string("put-\(id)@example.com"), "displayName": "Put",
                ],
                headers: headers)
        case .patch:
            return try await scim.patch(
                "Users/\(id)", [["op": "replace", "path": "displayName", "value": "Patched"]],
                headers: headers)
        case .delete:
            return try await scim.request(.delete, "Users/\(id)", headers: headers)
        }
    }

    // MARK: Uniqueness

    @Test(
        "userName is unique in any letter case: POST, PUT and PATCH into a taken name get 409 uniqueness",
        arguments: ["taken@example.com", "TAKEN@example.com", "Taken@Example.Com"])
    func userNameUniqueness(_ variant: String) async throws {
        try await TestServer.run { scim in
            let taken = try await scim.createUser("taken@example.com")
            #expect(taken.status == 201)
            let post = try await scim.createUser(variant)
            #expect(post.status == 409)
            #expect(post.scimType == "uniqueness")
            #expect(post.isSCIMError)

            let other = try await scim.createUser("free@example.com")
            let put = try await scim.request(
                .put, "Users/\(other.id)",
                json: ["schemas": [.string(SCIMTestClient.userSchema)], "userName": .string(variant)])
            #expect(put.status == 409)
            #expect(put.scimType == "uniqueness")
            let patch = try await scim.patch(
                "Users/\(other.id)", [["op": "replace", "path": "userName", "value": .string(variant)]])
            #expect(patch.status == 409)
            #expect(patch.scimType == "uniqueness")
            #expect(try await scim.request(.get, "Users/\(other.id)")["userName"] == "free@example.com")
            #expect(try await scim.list("Users").totalResults == 2)
            // Renaming a user to its own name in another case is not a conflict with itself.
            let own = try await scim.patch(
                "Users/\(taken.id)", [["op": "replace", "path": "userName", "value": "TAKEN@EXAMPLE.COM"]])
            #expect(own.status == 200)
        }
    }

    @Test("group displayName is unique per tenant: POST and PATCH rename get 409 uniqueness")
    func groupNameUniqueness() async throws {
        try await TestServer.run { scim in
            #expect(try await scim.createGroup("Admins").status == 201)
            let duplicate = try await scim.createGroup("Admins")
            #expect(duplicate.status == 409)
            #expect(duplicate.scimType == "uniqueness")
            let other = try await scim.createGroup("Readers")
            let rename = try await scim.patch(
                "Groups/\(other.id)", [["op": "replace", "path": "displayName", "value": "Admins"]])
            #expect(rename.status == 409)
            #expect(rename.scimType == "uniqueness")
            #expect(try await scim.request(.get, "Groups/\(other.id)")["displayName"] == "Readers")
        }
    }

    // MARK: Versions

    @Test(
        "a stale If-Match gets 412 and changes nothing; the current ETag and * succeed",
        arguments: Write.allCases)
    func ifMatch(_ write: Write) async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("v@example.com")
            let stale = try #require(user.etag)
            _ = try await scim.patch(
                "Users/\(user.id)", [["op": "replace", "path": "nickName", "value": "v"]])
            let current = try await scim.request(.get, "Users/\(user.id)")
            #expect(current.etag != stale)

            let refused = try await Self.write(
                write, user: user.id, scim: scim, headers: SCIMTestClient.header(.ifMatch, stale))
            #expect(refused.status == 412)
            #expect(refused.isSCIMError)
            let after = try await scim.request(.get, "Users/\(user.id)")
            #expect(after.status == 200)
            #expect(after.etag == current.etag)

            let accepted = try await Self.write(
                write, user: user.id, scim: scim,
                headers: SCIMTestClient.header(.ifMatch, current.etag ?? ""))
            #expect(accepted.status == (write == .delete ? 204 : 200))

            let second = try await scim.createUser("w@example.com")
            let wildcard = try await Self.write(
                write, user: second.id, scim: scim, headers: SCIMTestClient.header(.ifMatch, "*"))
            #expect(wildcard.status == (write == .delete ? 204 : 200))
        }
    }

    @Test("If-None-Match with the current ETag answers 304 without a body; a stale one reads 200")
    func ifNoneMatch() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("n@example.com")
            let etag = try #require(user.etag)
            let notModified = try await scim.request(
                .get, "Users/\(user.id)", headers: SCIMTestClient.header(.ifNoneMatch, etag))
            #expect(notModified.status == 304)
            #expect(notModified.raw.isEmpty)
            _ = try await scim.patch(
                "Users/\(user.id)", [["op": "replace", "path": "displayName", "value": "N"]])
            let modified = try await scim.request(
                .get, "Users/\(user.id)", headers: SCIMTestClient.header(.ifNoneMatch, etag))
            #expect(modified.status == 200)
            #expect(modified["displayName"] == "N")
        }
    }

    @Test("ETag equals meta.version and changes after every write, member-only PATCHes included")
    func etagTracksWrites() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("e@example.com")
            let group = try await scim.createGroup("Versioned")
            var seen: [String: Set<String>] = [:]
            func check(_ response: SCIMTestResponse) throws {
                #expect(response.status == 200 || response.status == 201)
                let etag = try #require(response.etag)
                #expect(etag == response.version)
                #expect(etag.hasPrefix("W/\""))
                #expect(seen[response.id, default: []].insert(etag).inserted, "ETag \(etag) did not change")
            }
            try check(user)
            try check(group)
            try check(
                try await scim.patch(
                    "Users/\(user.id)", [["op": "replace", "path": "displayName", "value": "E"]]))
            try check(
                try await scim.request(
                    .put, "Users/\(user.id)",
                    json: ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "e@example.com"]))
            let read = try await scim.request(.get, "Users/\(user.id)")
            #expect(read.etag == read.version)
            #expect(seen[user.id]?.contains(read.etag ?? "") == true)
            try check(try await scim.patch("Groups/\(group.id)", [EntraBodies.addMembers([user.id])]))
            try check(try await scim.patch("Groups/\(group.id)", [EntraBodies.removeMembers([user.id])]))
            try check(
                try await scim.patch(
                    "Groups/\(group.id)",
                    [["op": "add", "path": "members", "value": [["value": .string(user.id)]]]]))
            try check(try await scim.patch("Groups/\(group.id)", [["op": "remove", "path": "members"]]))
        }
    }

    // MARK: Members and atomicity

    @Test(
        "adding a member that does not exist gets 400 invalidValue naming it; the group is unchanged")
    func unknownMember() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("m@example.com")
            let group = try await scim.createGroup("Members", members: [user.id])
            let ghost = UUID().uuidString.lowercased()
            let refused = try await scim.patch("Groups/\(group.id)", [EntraBodies.addMembers([ghost])])
            #expect(refused.status == 400)
            #expect(refused.scimType == "invalidValue")
            #expect(refused.detail.contains(ghost))

            let created = try await scim.createGroup("Ghostly", members: [user.id, ghost])
            #expect(created.status == 400)
            #expect(created.detail.contains(ghost))
            #expect(try await scim.list("Groups", filter: "displayName eq \"Ghostly\"").totalResults == 0)

            let after = try await scim.request(.get, "Groups/\(group.id)")
            #expect(after.memberIDs == [user.id])
            #expect(after.etag == group.etag)
        }
    }

    @Test(
        "a PATCH whose later operation fails changes nothing",
        arguments: [
            ["op": "add", "path": "members", "value": [["value": "no-such-id"]]],
            ["op": "replace", "path": "noSuchAttribute", "value": "x"],
            ["op": "remove"],
        ] as [SCIMValue])
    func atomicPatch(_ failing: SCIMValue) async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("a@example.com")
            let other = try await scim.createUser("b@example.com")
            let group = try await scim.createGroup("Atomic", members: [user.id])
            let refused = try await scim.patch(
                "Groups/\(group.id)",
                [
                    ["op": "replace", "path": "displayName", "value": "Renamed"],
                    ["op": "add", "path": "members", "value": [["value": .string(other.id)]]],
                    failing,
                ])
            #expect(refused.status == 400)
            #expect(refused.isSCIMError)
            let after = try await scim.request(.get, "Groups/\(group.id)")
            #expect(after["displayName"] == "Atomic")
            #expect(after.memberIDs == [user.id])
            #expect(after.etag == group.etag)
        }
    }

    // MARK: Status codes and read-only input

    @Test(
        "POST answers 201 with Location == meta.location; PATCH answers 200 with the whole resource")
    func statusCodes() async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser(
                "s@example.com", extra: ["displayName": "S", "nickName": "ess"])
            #expect(user.status == 201)
            let location = try #require(user.headers[.location])
            #expect(location == user.location)
            #expect(location.hasSuffix("/scim/v2/Users/\(user.id)"))
            #expect(user["meta"]?["resourceType"] == "User")

            let patched = try await scim.patch(
                "Users/\(user.id)", [["op": "replace", "path": "displayName", "value": "S2"]])
            #expect(patched.status == 200)
            #expect(patched.id == user.id)
            #expect(patched["userName"] == "s@example.com")
            #expect(patched["nickName"] == "ess")
            #expect(patched["displayName"] == "S2")
            #expect(patched["schemas"]?.arrayValue?.first == .string(SCIMTestClient.userSchema))
            #expect(patched.location == user.location)
        }
    }

    @Test("readOnly id and meta in the input are ignored on POST and PUT")
    func readOnlyIgnored() async throws {
        try await TestServer.run { scim in
            let created = try await scim.createUser(
                "ro@example.com",
                extra: [
                    "id": "chosen-by-client",
                    "meta": [
                        "resourceType": "Group", "created": "2001-01-01T00:00:00Z", "version": "W/\"forged\"",
                    ],
                ])
            #expect(created.status == 201)
            #expect(created.id != "chosen-by-client")
            #expect(!created.id.isEmpty)
            #expect(created["meta"]?["resourceType"] == "User")
            #expect(created["meta"]?["created"] != "2001-01-01T00:00:00Z")
            #expect(created.version != "W/\"forged\"")
            #expect(try await scim.request(.get, "Users/chosen-by-client").status == 404)

            let put = try await scim.request(
                .put, "Users/\(created.id)",
                json: [
                    "schemas": [.string(SCIMTestClient.userSchema)], "id": .string(created.id),
                    "userName": "ro@example.com",
                    "displayName": "RO", "meta": ["created": "2001-01-01T00:00:00Z"],
                ])
            #expect(put.status == 200)
            #expect(put["displayName"] == "RO")
            #expect(put["meta"]?["created"] == created["meta"]?["created"])
        }
    }

    @Test(
        "PATCH of a readOnly or immutable attribute gets 400 mutability",
        arguments: [
            ("Users", ["op": "replace", "path": "groups", "value": [["value": "g"]]] as SCIMValue),
            (
                "Users",
                ["op": "replace", "path": "meta.created", "value": "2001-01-01T00:00:00Z"] as SCIMValue
            ),
            (
                "Groups",
                ["op": "replace", "path": "members[value eq \"%MEMBER%\"].value", "value": "other"]
                    as SCIMValue
            ),
        ])
    func mutability(_ endpoint: String, _ operation: SCIMValue) async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("mu@example.com")
            let group = try await scim.createGroup("Mutable", members: [user.id])
            var op = try #require(operation.objectValue)
            op["path"] = op["path"]?.stringValue.map {
                .string($0.replacingOccurrences(of: "%MEMBER%", with: user.id))
            }
            // Read after the group exists: joining it changed the user's version (`groups`).
            let target = try await scim.request(.get, endpoint == "Users" ? "Users/\(user.id)" : "Groups/\(group.id)")
            let refused = try await scim.patch("\(endpoint)/\(target.id)", [.object(op)])
            #expect(refused.status == 400)
            #expect(refused.scimType == "mutability")
            #expect(try await scim.request(.get, "\(endpoint)/\(target.id)").etag == target.etag)
        }
    }
}
