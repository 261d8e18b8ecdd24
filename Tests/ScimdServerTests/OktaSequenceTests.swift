import Foundation
import SCIM
import Testing

/// Okta's provisioning requests over HTTP (developer.okta.com, "SCIM 2.0 protocol reference"):
/// `application/json` bodies, `password` on create, path-less replace for deactivation and
/// group rename, and imports paged by `startIndex`/`count=100` (requirements §2).
@Suite("Okta provisioning sequence")
struct OktaSequenceTests {
    static let json = "application/json"

    /// Okta's create-user body, password included.
    static func oktaUser(_ userName: String) -> SCIMValue {
        [
            "schemas": [.string(SCIMTestClient.userSchema)],
            "userName": .string(userName),
            "name": ["givenName": "Okta", "familyName": "User"],
            "emails": [["primary": true, "value": .string(userName), "type": "work"]],
            "displayName": "Okta User",
            "locale": "en-US",
            "externalId": "00ujl29u0le5T6Aj10h7",
            "groups": [],
            "password": "1mz050nq",
            "active": true,
        ]
    }

    @Test("create with password over application/json: accepted, never returned")
    func passwordNeverReturned() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let created = try await scim.request(
                .post, "Users", json: Self.oktaUser("okta@example.com"), contentType: Self.json)
            #expect(created.status == 201)
            #expect(created["userName"] == "okta@example.com")
            #expect(created.headers[.contentType]?.hasPrefix("application/scim+json") == true)
            let id = created.id
            var responses = [created]
            responses.append(try await scim.request(.get, "Users/\(id)"))
            responses.append(try await scim.request(.get, "Users/\(id)?attributes=password,userName"))
            responses.append(try await scim.list("Users", filter: "userName eq \"okta@example.com\""))
            var replacement = Self.oktaUser("okta@example.com").objectValue!
            replacement["password"] = "n3wPassw0rd"
            responses.append(
                try await scim.request(
                    .put, "Users/\(id)", json: .object(replacement), contentType: Self.json))
            responses.append(
                try await scim.request(
                    .patch, "Users/\(id)",
                    json: SCIMTestClient.patchBody([["op": "replace", "value": ["password": "an0therOne"]]]),
                    contentType: Self.json))
            responses.append(
                try await scim.request(
                    .post, "Users/.search", json: ["attributes": ["password"]], contentType: Self.json))
            for response in responses {
                #expect(response.status == 200 || response.status == 201)
                #expect(!response.raw.lowercased().contains("password"), "password leaked: \(response.raw)")
                #expect(!response.raw.contains("1mz050nq") && !response.raw.contains("an0therOne"))
            }
        }
    }

    @Test("deactivate with a path-less replace {\"active\":false}, reactivate the same way")
    func deactivate() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let user = try await scim.request(
                .post, "Users", json: Self.oktaUser("deact@example.com"), contentType: Self.json)
            let body = SCIMTestClient.patchBody([["op": "replace", "value": ["active": false]]])
            let patched = try await scim.request(
                .patch, "Users/\(user.id)", json: body, contentType: Self.json)
            #expect(patched.status == 200)
            #expect(patched["active"] == false)
            let read = try await scim.request(.get, "Users/\(user.id)")
            #expect(read["active"] == false)
            #expect(read["displayName"] == "Okta User")
            #expect(read["userName"] == "deact@example.com")

            let again = SCIMTestClient.patchBody([["op": "replace", "value": ["active": true]]])
            #expect(
                try await scim.request(.patch, "Users/\(user.id)", json: again, contentType: Self.json)[
                    "active"] == true)
        }
    }

    @Test("group rename by path-less replace carrying id and displayName keeps the members")
    func groupRename() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let member = try await scim.createProvisionedUser("member@example.com")
            let group = try await scim.request(
                .post, "Groups",
                json: [
                    "schemas": [.string(SCIMTestClient.groupSchema)], "displayName": "Okta Group",
                    "members": [["value": .string(member.id)]],
                ],
                contentType: Self.json)
            #expect(group.status == 201)
            let body = SCIMTestClient.patchBody([
                ["op": "replace", "value": ["id": .string(group.id), "displayName": "Okta Group Renamed"]]
            ])
            let renamed = try await scim.request(
                .patch, "Groups/\(group.id)", json: body, contentType: Self.json)
            #expect(renamed.status == 200)
            #expect(renamed["displayName"] == "Okta Group Renamed")
            #expect(renamed.id == group.id)
            let read = try await scim.request(.get, "Groups/\(group.id)")
            #expect(read["displayName"] == "Okta Group Renamed")
            #expect(read.memberIDs == [member.id])
            #expect(
                try await scim.list("Groups", filter: "displayName eq \"Okta Group\"").totalResults == 0)
        }
    }

    @Test("import paging: 250 users in pages of 100 at startIndex 1, 101, 201, stable and complete")
    func importPaging() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            var created = Set<String>()
            for i in 0..<250 {
                let response = try await scim.request(
                    .post, "Users",
                    json: Self.oktaUser(String(format: "user%03d@example.com", (i * 7) % 250)),
                    contentType: Self.json)
                #expect(response.status == 201)
                created.insert(response.id)
            }
            #expect(created.count == 250)

            func pages() async throws -> [[String]] {
                var result: [[String]] = []
                for (startIndex, expected) in [(1, 100), (101, 100), (201, 50)] {
                    let page = try await scim.list(
                        "Users", ["startIndex": String(startIndex), "count": "100"])
                    #expect(page.status == 200)
                    #expect(page.totalResults == 250)
                    #expect(page.int("startIndex") == startIndex)
                    #expect(page.int("itemsPerPage") == expected)
                    #expect(page.resources.count == expected)
                    result.append(page.resourceIDs)
                }
                return result
            }
            let first = try await pages()
            let all = first.flatMap { $0 }
            #expect(all.count == 250)
            #expect(Set(all) == created)
            // The order is stable: reading the same pages again gives the same ids in the same order.
            #expect(try await pages() == first)

            let beyond = try await scim.list("Users", ["startIndex": "251", "count": "100"])
            #expect(beyond.totalResults == 250)
            #expect(beyond.resources.isEmpty)
        }
    }
}
