import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing

/// `/admin/v1` as an operator's script sees it: one route per endpoint, the same result shapes
/// as `scimctl --json`, and every failure a JSON error body with a status that says what to do.
@Suite("Admin API: routes, shapes and errors")
struct AdminAPITests {
    @Test("catalogue round trip: roles, organizations in tree order, mappings saying whether their target exists")
    func catalogue() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let role = try await scim.admin(.post, "roles", json: ["name": "Analyst", "description": "reads reports"], token: token)
            #expect(role.status == 201)
            #expect(role["name"] == "Analyst" && role["description"] == "reads reports")
            #expect(role["created"]?.stringValue.flatMap(SCIMDateTime.parse) != nil)

            #expect(try await scim.admin(.post, "organizations", json: ["name": "HQ"], token: token).status == 201)
            let emea = try await scim.admin(.post, "organizations", json: ["name": "EMEA", "parent": "HQ"], token: token)
            #expect(emea.status == 201 && emea["parent"] == "HQ" && emea["depth"]?.asInt == 1)
            let orgs = try await scim.admin(.get, "organizations", token: token).json?.arrayValue ?? []
            #expect(orgs.map { $0["name"]?.stringValue ?? "" } == ["HQ", "EMEA"])

            let mapped = try await scim.admin(.post, "mappings", json: ["kind": "role", "group": "Sales", "target": "Analyst"], token: token)
            #expect(mapped.status == 201 && mapped["targetExists"] == true && mapped["priority"]?.asInt == 100)
            let dangling = try await scim.admin(
                .post, "mappings", json: ["kind": "organization", "group": "Sales", "target": "APAC", "priority": 5], token: token)
            #expect(dangling.status == 201 && dangling["targetExists"] == false && dangling["priority"]?.asInt == 5)
            let listed = try await scim.admin(.get, "mappings", token: token).json?.arrayValue ?? []
            #expect(listed.map { $0["targetExists"] } == [true, false])

            #expect(try await scim.admin(.delete, "roles/Analyst", token: token).status == 204)
            let after = try await scim.admin(.get, "mappings", token: token).json?.arrayValue ?? []
            #expect(after.first?["targetExists"] == false)
        }
    }

    @Test("users and groups: listed with a SCIM filter, a group shown by displayName, a user's assignment by externalId")
    func resources() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let ann = try await scim.createUser("ann@example.com", externalId: "ann-ext").id
            _ = try await scim.createUser("bob@example.com")
            _ = try await scim.createGroup("Sales Team", members: [ann])
            let listed = try await scim.admin(.get, "users?filter=" + Self.encoded("userName sw \"ann\""), token: token)
            #expect(listed.status == 200 && listed["totalResults"]?.asInt == 1)
            #expect(listed["resources"]?.arrayValue?.first?["id"] == .string(ann))
            let group = try await scim.admin(.get, "groups/" + Self.encoded("sales team"), token: token)
            #expect(group.status == 200 && group["resource"]?["displayName"] == "Sales Team")
            #expect(group["assignment"] == nil)
            #expect(try await scim.admin(.get, "users/ann-ext", token: token)["id"] == .string(ann))

            let badFilter = try await scim.admin(.get, "users?filter=" + Self.encoded("userName zz 1"), token: token)
            #expect(badFilter.status == 400 && badFilter.isSCIMError)
            #expect(badFilter.json?["detail"]?.stringValue?.hasPrefix("The filter is not valid") == true)
            #expect(try await scim.admin(.get, "users?limit=lots", token: token).status == 400)
            #expect(try await scim.admin(.get, "users?limit=0", token: token).status == 400)
        }
    }

    @Test("bad bodies get 400 naming the field; duplicates 409; unknown names 404; nothing is written")
    func refusals() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let cases: [(String, SCIMValue?, Int, String)] = [
                ("roles", nil, 400, "The body is empty"),
                ("roles", [:], 400, "'name' is required"),
                ("roles", ["name": 5], 400, "'name' must be a string"),
                ("roles", ["name": "  "], 400, "A role name must be"),
                ("roles", [.string("name")], 400, "The body must be a JSON object"),
                ("mappings", ["kind": "team", "group": "G", "target": "T"], 400, "'kind' must be 'role' or 'organization'"),
                ("mappings", ["kind": "role", "group": "G", "target": "T", "priority": "high"], 400, "'priority' must be an integer"),
                ("mappings", ["kind": "organization", "group": "G", "target": "T", "priority": -1], 400, "priority"),
                ("organizations", ["name": "Child", "parent": "Nowhere"], 404, "No parent organization named 'Nowhere'"),
            ]
            for (path, body, status, detail) in cases {
                let response = try await scim.admin(.post, path, json: body, token: token)
                #expect(response.status == status, "\(path) \(String(describing: body)): \(response.raw)")
                #expect(response.isSCIMError)
                #expect(response.json?["detail"]?.stringValue?.contains(detail) == true, "\(response.raw)")
            }
            #expect(try await scim.admin(.get, "roles", token: token).json == [])
            #expect(try await scim.admin(.get, "mappings", token: token).json == [])

            #expect(try await scim.admin(.post, "roles", json: ["name": "Reader"], token: token).status == 201)
            let duplicate = try await scim.admin(.post, "roles", json: ["name": "reader"], token: token)
            #expect(duplicate.status == 409 && duplicate.json?["detail"]?.stringValue?.contains("already exists") == true)
            #expect(try await scim.admin(.delete, "roles/Nobody", token: token).status == 404)
            #expect(try await scim.admin(.delete, "mappings/abc", token: token).status == 400)
            #expect(try await scim.admin(.delete, "mappings/999", token: token).status == 404)
            #expect(try await scim.admin(.get, "log?since=yesterday", token: token).status == 400)
        }
    }

    @Test("an unknown admin path is 404 for an admin and 401 for anyone else; a SCIM token is not an admin token")
    func authentication() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let unknown = try await scim.admin(.get, "nothing/here", token: token)
            #expect(unknown.status == 404 && unknown.isSCIMError)
            #expect([404, 405].contains(try await scim.admin(.put, "roles", token: token).status))
            for path in ["nothing/here", "roles", "users", "log"] {
                #expect(try await scim.admin(.get, path, token: scim.token).status == 401)
                #expect(try await scim.admin(.get, path, token: "scimd_guess").status == 401)
            }
        }
    }

    @Test("changes made through the API are logged under the admin token's name")
    func logged() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            #expect(try await scim.admin(.post, "roles", json: ["name": "Auditor"], token: token).status == 201)
            let entry = try #require(try await scim.logEntries(operation: "role-create").last)
            #expect(entry.client == "admin:operator")
            let viaAPI = try await scim.admin(.get, "log?operation=role-create", token: token).json?.arrayValue ?? []
            #expect(viaAPI.count == 1 && viaAPI.first?["client"] == "admin:operator")
        }
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
