import Foundation
import HTTPTypes
import SCIM
import Testing

/// The Microsoft Entra ID provisioning sequence over HTTP, with the request shapes Microsoft
/// documents ("Develop and plan provisioning for a SCIM endpoint", "Known issues and
/// resolutions with SCIM 2.0 protocol compliance") and the dialects requirements §2 lists.
@Suite("Entra ID provisioning sequence")
struct EntraSequenceTests {
    static let enterprise = SCIMTestClient.enterpriseSchema

    // MARK: Connection test and lookups

    @Test("the connection test (userName eq a random GUID) answers 200 with an empty ListResponse")
    func connectionTest() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            try await scim.createProvisionedUser("someone@contoso.com")
            let response = try await scim.list("Users", filter: "userName eq \"\(UUID().uuidString)\"")
            #expect(response.status == 200)
            #expect(response.headers[.contentType]?.hasPrefix("application/scim+json") == true)
            #expect(response["schemas"] == [.string(SCIMTestClient.listSchema)])
            #expect(response.totalResults == 0)
            #expect(response["Resources"] == .array([]))
        }
    }

    @Test(
        "lookups by userName and externalId find the created user",
        arguments: [
            "userName eq \"%@\"", "externalId eq \"%@\"",
        ])
    func lookup(_ template: String) async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let userName = "Test_User_\(UUID().uuidString)@contoso.com"
            let externalId = UUID().uuidString
            let created = try await scim.request(
                .post, "Users", json: EntraBodies.user(userName: userName, externalId: externalId))
            try await scim.createProvisionedUser("other@contoso.com", externalId: "other")
            let value = template.hasPrefix("userName") ? userName.uppercased() : externalId
            let found = try await scim.list(
                "Users", filter: template.replacingOccurrences(of: "%@", with: value))
            #expect(found.status == 200)
            #expect(found.totalResults == 1)
            #expect(found.resourceIDs == [created.id])
            #expect(found.resources.first?["externalId"] == .string(externalId))
        }
    }

    @Test(
        "a filter with spaces encoded as + (form encoding, as Entra's validator sends it) is decoded")
    func plusEncodedFilter() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let created = try await scim.createProvisionedUser("plus@contoso.com")
            let found = try await scim.request(.get, "Users?filter=userName+eq+%22plus%40contoso.com%22")
            #expect(found.status == 200)
            #expect(found.resourceIDs == [created.id])
            let none = try await scim.request(.get, "Users?filter=userName+eq+%22\(UUID().uuidString)%22")
            #expect(none.status == 200)
            #expect(none.totalResults == 0)
        }
    }

    // MARK: Users

    @Test("create with enterprise extension, then Entra's PATCH updates one op per attribute")
    func userUpdates() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let boss = try await scim.createProvisionedUser("boss@contoso.com")
            let created = try await scim.request(
                .post, "Users",
                json: EntraBodies.user(
                    userName: "ellen@contoso.com", externalId: "ext-ellen", managerID: boss.id))
            #expect(created.status == 201)
            #expect(created.enterprise?["department"] == "Sales")
            #expect(created.enterprise?["manager"]?["value"] == .string(boss.id))
            #expect(
                created["emails"] == [["primary": true, "type": "work", "value": "ellen@contoso.com"]])
            #expect(created["name"]?["givenName"] == "givenName")
            #expect(created["schemas"]?.arrayValue?.contains(.string(Self.enterprise)) == true)
            let id = created.id

            let patched = try await scim.patch(
                "Users/\(id)",
                [
                    ["op": "Replace", "path": "displayName", "value": "Ellen Reckert"],
                    [
                        "op": "Add", "path": "emails[type eq \"work\"].value",
                        "value": "ellen.reckert@contoso.com",
                    ],
                    ["op": "Replace", "path": "name.familyName", "value": "Reckert"],
                    [
                        "op": "Add", "path": .string("\(Self.enterprise):department"),
                        "value": "Human Resources US",
                    ],
                ])
            #expect(patched.status == 200)
            #expect(patched.id == id)

            let read = try await scim.request(.get, "Users/\(id)")
            #expect(read["displayName"] == "Ellen Reckert")
            // Add with a value-filter path updates the matching element, never appends a duplicate (requirements §2).
            #expect(
                read["emails"] == [["primary": true, "type": "work", "value": "ellen.reckert@contoso.com"]])
            #expect(read["name"]?["familyName"] == "Reckert")
            #expect(read["name"]?["givenName"] == "givenName")
            #expect(read.enterprise?["department"] == "Human Resources US")
            #expect(read.enterprise?["employeeNumber"] == "1001")
        }
    }

    @Test(
        "Add with a value-filter path creates the element when none matches, then updates it in place",
        arguments: [
            ("emails", "value", "a@contoso.com", "b@contoso.com"),
            ("addresses", "locality", "Redmond", "Seattle"),
            ("phoneNumbers", "value", "+1 555 0100", "+1 555 0199"),
        ])
    func addFilteredCreates(_ attribute: String, _ sub: String, _ first: String, _ second: String)
        async throws
    {
        // About the PATCH engine, not scope: a user with no email yet, so the first Add creates it.
        try await TestServer.run { scim in
            let user = try await scim.createUser("filtered@contoso.com")
            let path = SCIMValue.string("\(attribute)[type eq \"work\"].\(sub)")
            let created = try await scim.patch(
                "Users/\(user.id)", [["op": "Add", "path": path, "value": .string(first)]])
            #expect(created.status == 200)
            #expect(created[attribute] == [["type": "work", .init(stringLiteral: sub): .string(first)]])
            let updated = try await scim.patch(
                "Users/\(user.id)", [["op": "Add", "path": path, "value": .string(second)]])
            #expect(updated.status == 200)
            #expect(
                try await scim.request(.get, "Users/\(user.id)")[attribute] == [
                    ["type": "work", .init(stringLiteral: sub): .string(second)]
                ])
        }
    }

    @Test(
        "manager given as a bare id string, then removed",
        arguments: [
            ["op": "Remove", "path": .string("\(SCIMTestClient.enterpriseSchema):manager")],
            [
                "op": "Replace", "path": .string("\(SCIMTestClient.enterpriseSchema):manager"),
                "value": nil,
            ],
            [
                "op": "Replace", "path": .string("\(SCIMTestClient.enterpriseSchema):manager"), "value": "",
            ],
        ] as [SCIMValue])
    func manager(_ removal: SCIMValue) async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let boss = try await scim.createProvisionedUser("boss@contoso.com")
            let user = try await scim.request(
                .post, "Users", json: EntraBodies.user(userName: "u@contoso.com", externalId: "u"))
            let set = try await scim.patch(
                "Users/\(user.id)",
                [["op": "Add", "path": .string("\(Self.enterprise):manager"), "value": .string(boss.id)]])
            #expect(set.status == 200)
            #expect(set.enterprise?["manager"]?["value"] == .string(boss.id))
            #expect(
                try await scim.request(.get, "Users/\(user.id)").enterprise?["manager"]?["value"]
                    == .string(boss.id))

            let removed = try await scim.patch("Users/\(user.id)", [removal])
            #expect(removed.status == 200)
            let read = try await scim.request(.get, "Users/\(user.id)")
            #expect(read.enterprise?["manager"] == nil)
            // The rest of the extension is untouched.
            #expect(read.enterprise?["department"] == "Sales")
        }
    }

    @Test(
        "disable with {\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"} and re-enable with \"True\""
    )
    func disable() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let user = try await scim.request(
                .post, "Users", json: EntraBodies.user(userName: "d@contoso.com", externalId: "d"))
            let disabled = try await scim.patch(
                "Users/\(user.id)", [["op": "Replace", "path": "active", "value": "False"]])
            #expect(disabled.status == 200)
            #expect(disabled["active"] == false)
            #expect(try await scim.request(.get, "Users/\(user.id)")["active"] == false)
            let inactive = try await scim.list("Users", filter: "active eq false")
            #expect(inactive.resourceIDs == [user.id])

            let enabled = try await scim.patch(
                "Users/\(user.id)", [["op": "Replace", "path": "active", "value": "True"]])
            #expect(enabled["active"] == true)
        }
    }

    @Test(
        "aadOptscim062020: the flag on the tenant URL and a path-less replace with dotted and URN keys")
    func aadOptscim062020() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let created = try await scim.request(
                .post, "Users?aadOptscim062020",
                json: EntraBodies.user(userName: "flag@contoso.com", externalId: "flag"))
            #expect(created.status == 201)
            let id = created.id
            let found = try await scim.request(
                .get,
                "Users?aadOptscim062020&filter=" + "userName eq \"flag@contoso.com\"".addingPercentEncoding(
                    withAllowedCharacters: .alphanumerics)!)
            #expect(found.status == 200)
            #expect(found.resourceIDs == [id])

            let patched = try await scim.request(
                .patch, "Users/\(id)?aadOptscim062020",
                json: SCIMTestClient.patchBody([
                    [
                        "op": "replace",
                        "value": [
                            "displayName": "Flag Bearer",
                            "name.givenName": "Flag",
                            "name.familyName": "Bearer",
                            "\(Self.enterprise):employeeNumber": "2002",
                            "active": false,
                        ],
                    ]
                ]))
            #expect(patched.status == 200)
            let read = try await scim.request(.get, "Users/\(id)?aadOptscim062020")
            #expect(read.status == 200)
            #expect(read["displayName"] == "Flag Bearer")
            #expect(read["name"]?["givenName"] == "Flag")
            #expect(read["name"]?["familyName"] == "Bearer")
            #expect(read["name"]?["formatted"] == "givenName familyName")
            #expect(read.enterprise?["employeeNumber"] == "2002")
            #expect(read.enterprise?["department"] == "Sales")
            #expect(read["active"] == false)
            // A dotted key is a path, never a literal attribute name.
            #expect(read["name.givenName"] == nil)

            let group = try await scim.request(
                .post, "Groups?aadOptscim062020",
                json: EntraBodies.group(displayName: "Flagged", externalId: "g"))
            #expect(group.status == 201)
            let added = try await scim.request(
                .patch, "Groups/\(group.id)?aadOptscim062020",
                json: SCIMTestClient.patchBody([EntraBodies.addMembers([id])]))
            #expect(added.status == 200)
            let removed = try await scim.request(
                .patch, "Groups/\(group.id)?aadOptscim062020",
                json: SCIMTestClient.patchBody([
                    ["op": "remove", "path": .string("members[value eq \"\(id)\"]")]
                ]))
            #expect(removed.status == 200)
            #expect(try await scim.memberIDs(ofGroup: group.id).isEmpty)
            #expect(try await scim.request(.delete, "Users/\(id)?aadOptscim062020").status == 204)
        }
    }

    // MARK: Groups

    @Test("group create with empty members and the legacy AD schema URI", arguments: [true, false])
    func groupCreate(legacySchema: Bool) async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let created = try await scim.request(
                .post, "Groups",
                json: EntraBodies.group(displayName: "Sales", externalId: "g-1", legacySchema: legacySchema)
            )
            #expect(created.status == 201)
            #expect(created["displayName"] == "Sales")
            #expect(created["externalId"] == "g-1")
            // The legacy URI is accepted and ignored, never echoed back.
            #expect(created["schemas"] == [.string(SCIMTestClient.groupSchema)])
            #expect(created.memberIDs.isEmpty)
            let found = try await scim.list(
                "Groups", filter: "displayName eq \"Sales\"", ["excludedAttributes": "members"])
            #expect(found.resourceIDs == [created.id])
        }
    }

    @Test(
        "member add, removal by value array (only those) and by members[value eq], excludedAttributes=members, rename"
    )
    func groupMembership() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            var users: [String] = []
            for i in 1...4 { users.append(try await scim.createProvisionedUser("m\(i)@contoso.com").id) }
            let group = try await scim.request(
                .post, "Groups", json: EntraBodies.group(displayName: "Team", externalId: "team"))

            let added = try await scim.patch("Groups/\(group.id)", [EntraBodies.addMembers(users)])
            #expect(added.status == 200)
            #expect(Set(try await scim.memberIDs(ofGroup: group.id)) == Set(users))

            // Entra reads groups without their members.
            let slim = try await scim.list("Groups/\(group.id)", ["excludedAttributes": "members"])
            #expect(slim.status == 200)
            #expect(slim.object.keys.contains { $0.lowercased() == "members" } == false)
            #expect(slim["displayName"] == "Team")
            let slimList = try await scim.list(
                "Groups", filter: "displayName eq \"Team\"", ["excludedAttributes": "members"])
            #expect(slimList.resources.first?["members"] == nil)
            #expect(slimList.resourceIDs == [group.id])

            // Without aadOptscim062020: removal by value array removes only those members.
            let removed = try await scim.patch(
                "Groups/\(group.id)", [EntraBodies.removeMembers([users[0]])])
            #expect(removed.status == 200)
            #expect(Set(try await scim.memberIDs(ofGroup: group.id)) == Set(users[1...]))

            // With aadOptscim062020: removal by a value filter.
            let filtered = try await scim.patch(
                "Groups/\(group.id)",
                [["op": "remove", "path": .string("members[value eq \"\(users[1])\"]")]])
            #expect(filtered.status == 200)
            #expect(Set(try await scim.memberIDs(ofGroup: group.id)) == Set(users[2...]))

            let renamed = try await scim.patch(
                "Groups/\(group.id)", [["op": "Replace", "path": "displayName", "value": "Team Renamed"]])
            #expect(renamed.status == 200)
            let read = try await scim.request(.get, "Groups/\(group.id)")
            #expect(read["displayName"] == "Team Renamed")
            #expect(Set(read.memberIDs) == Set(users[2...]))
        }
    }

    // MARK: Deletes and errors

    @Test(
        "deleting a user answers 204, then 404, and drops it from its groups; then the group is deleted"
    )
    func deletes() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let alice = try await scim.createProvisionedUser("alice@contoso.com")
            let bob = try await scim.createProvisionedUser("bob@contoso.com")
            let group = try await scim.createGroup("Deleters", members: [alice.id, bob.id])
            #expect(group.status == 201)

            let deleted = try await scim.request(.delete, "Users/\(alice.id)")
            #expect(deleted.status == 204)
            #expect(deleted.raw.isEmpty)
            let gone = try await scim.request(.get, "Users/\(alice.id)")
            #expect(gone.status == 404)
            #expect(gone.isSCIMError)
            #expect(try await scim.memberIDs(ofGroup: group.id) == [bob.id])
            #expect(
                try await scim.list("Groups", filter: "members[value eq \"\(alice.id)\"]").totalResults == 0
            )

            #expect(try await scim.request(.delete, "Groups/\(group.id)").status == 204)
            let groupGone = try await scim.request(.get, "Groups/\(group.id)")
            #expect(groupGone.status == 404)
            #expect(groupGone.isSCIMError)
            // Bob outlives the group.
            #expect(try await scim.request(.get, "Users/\(bob.id)").status == 200)
            #expect(try await scim.request(.delete, "Users/\(alice.id)").status == 404)
        }
    }

    @Test("an unknown id gets 404 with the SCIM error schema", arguments: ["Users", "Groups"])
    func unknownID(_ endpoint: String) async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let response = try await scim.request(.get, "\(endpoint)/\(UUID().uuidString)")
            #expect(response.status == 404)
            #expect(response["schemas"] == [.string(SCIMTestClient.errorSchema)])
            #expect(response["status"] == "404")
            #expect(response.isSCIMError)
        }
    }

    @Test("Entra's client-request-id is echoed in X-Request-ID")
    func correlation() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let id = UUID().uuidString
            let clientRequestID = HTTPField.Name("client-request-id")!
            let requestID = HTTPField.Name("X-Request-ID")!
            let ok = try await scim.request(
                .get, "Users", headers: SCIMTestClient.header(clientRequestID, id))
            #expect(ok.headers[requestID] == id)
            let failed = try await scim.request(
                .get, "Users/missing", headers: SCIMTestClient.header(clientRequestID, id))
            #expect(failed.status == 404)
            #expect(failed.headers[requestID] == id)
            let other = try await scim.request(.get, "Users")
            #expect(other.headers[requestID] != nil)
            #expect(other.headers[requestID] != id)
        }
    }
}
