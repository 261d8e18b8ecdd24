import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing

/// Requirements §9 (source of truth) through `/admin/v1/users` on a real server: local users are
/// managed in scimd and every change is logged; users from the identity provider are refused
/// with where to change them; the identity provider's write to a local user adopts it.
@Suite("Local users and the source of truth")
struct LocalUserTests {
    static let sourceFilter = "urn:scimd:params:scim:schemas:extension:2.0:User:source"

    /// A local user as an administrator posts it, with what the default scope rules require.
    static func localUser(_ userName: String, email: Bool = true) -> SCIMValue {
        var user: SCIMObject = [
            "schemas": [.string(SCIMTestClient.userSchema)], "userName": .string(userName),
            "name": ["givenName": "Lou", "familyName": "Cal"], "active": true,
        ]
        if email { user["emails"] = [["type": "work", "primary": true, "value": .string(userName)]] }
        return .object(user)
    }

    /// The user's source as SCIM shows it (`attributes=` the scimd extension).
    static func source(_ scim: SCIMTestClient, _ id: String) async throws -> String? {
        try await scim.effective(id)?["source"]?.stringValue
    }

    /// The admin request each local change sends for `user`.
    static func send(_ change: String, _ user: String, _ scim: SCIMTestClient, token: String) async throws -> SCIMTestResponse {
        switch change {
        case "update":
            let patch = SCIMTestClient.patchBody([
                ["op": "replace", "path": .string("\(SCIMTestClient.enterpriseSchema):department"), "value": "Finance"]
            ])
            return try await scim.admin(.patch, "users/\(user)", json: patch, token: token)
        case "deactivate", "activate":
            return try await scim.admin(.post, "users/\(user)/\(change)", token: token)
        default:
            return try await scim.admin(.delete, "users/\(user)", token: token)
        }
    }

    @Test(
        "a local change to a user from the identity provider is 409 saying where to change it; nothing changes; the refusal is logged",
        arguments: [
            ("update", "change its department in Entra ID or your identity provider, not in scimd."),
            ("deactivate", "deactivate it (or remove its assignment) in Entra ID or your identity provider, not in scimd."),
            ("activate", "activate it in Entra ID or your identity provider, not in scimd."),
            ("delete", "delete it (or remove its assignment to the app) in Entra ID or your identity provider, not in scimd."),
        ])
    func syncedUserRefused(change: String, remedy: String) async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let created = try await scim.request(.post, "Users", json: EntraBodies.user(userName: "ann@example.com", externalId: "ann-ext"))
            #expect(created.status == 201)
            let before = try await scim.request(.get, "Users/\(created.id)")

            let refused = try await Self.send(change, "ann@example.com", scim, token: token)
            #expect(refused.status == 409 && refused.isSCIMError, "\(refused.raw)")
            #expect(refused.detail == "User 'ann@example.com' is managed by the identity provider (source: scim); " + remedy)

            let after = try await scim.request(.get, "Users/\(created.id)")
            #expect(after.status == 200 && after.etag == before.etag && after.object == before.object)
            let failures = try await scim.logEntries(status: .failure)
            #expect(failures.count == 1)
            let failure = try #require(failures.first)
            #expect(failure.operation == "local-\(change)" && failure.client == "admin:operator")
            #expect(failure.resourceID == created.id && failure.resourceName == "ann@example.com" && failure.externalID == "ann-ext")
            #expect(failure.errorCode == "409" && failure.message == refused.detail)
            #expect(try await scim.logEntries(status: .success).allSatisfy { !$0.operation.hasPrefix("local-") })
        }
    }

    @Test("a local user is created, updated, deactivated, activated and deleted; each change is logged old → new")
    func localLifecycle() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let created = try await scim.admin(.post, "users", json: Self.localUser("lou@example.com"), token: token)
            #expect(created.status == 201, "\(created.raw)")
            let id = created.id
            #expect(created[SCIMTestClient.scimdSchema]?["source"] == "local")
            #expect(try await Self.source(scim, id) == "local")
            #expect(try await scim.admin(.get, "users/lou@example.com", token: token)["source"] == "local")

            let patch = SCIMTestClient.patchBody([
                ["op": "replace", "path": "displayName", "value": "Lou Cal"],
                ["op": "add", "path": "title", "value": "Contractor"],
            ])
            let updated = try await scim.admin(.patch, "users/\(id)", json: patch, token: token)
            #expect(updated.status == 200 && updated["displayName"] == "Lou Cal" && updated["title"] == "Contractor")
            #expect(try await scim.request(.get, "Users/\(id)")["title"] == "Contractor")

            let deactivated = try await scim.admin(.post, "users/lou@example.com/deactivate", token: token)
            #expect(deactivated.status == 200 && deactivated["active"] == false)
            let activated = try await scim.admin(.post, "users/lou@example.com/activate", token: token)
            #expect(activated.status == 200 && activated["active"] == true)
            #expect(try await Self.source(scim, id) == "local")

            let deleted = try await scim.admin(.delete, "users/lou@example.com", token: token)
            #expect(deleted.status == 204 && deleted.raw.isEmpty)
            #expect(try await scim.request(.get, "Users/\(id)").status == 404)
            #expect(try await scim.admin(.delete, "users/lou@example.com", token: token).status == 404)

            let entries = try await scim.logEntries(status: .success)
            #expect(entries.map(\.operation) == ["local-create", "local-update", "local-deactivate", "local-activate", "local-delete"])
            #expect(entries.allSatisfy { $0.client == "admin:operator" && $0.resourceID == id && $0.resourceName == "lou@example.com" })
            let changes = entries[1].changes?.arrayValue ?? []
            #expect(changes.contains(["attribute": "displayName", "old": nil, "new": "Lou Cal"]))
            #expect(changes.contains(["attribute": "title", "old": nil, "new": "Contractor"]))
            #expect(entries[2].changes == [["attribute": "active", "old": true, "new": false]])
            #expect(entries[3].changes == [["attribute": "active", "old": false, "new": true]])
            #expect(entries[2].message.hasPrefix("Deactivated local user 'lou@example.com'"))
        }
    }

    @Test("under the default scope rules a local user without a work email is refused naming it; with one it is created")
    func requiredAttributes() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let token = try await scim.adminToken()
            let refused = try await scim.admin(.post, "users", json: Self.localUser("noemail@example.com", email: false), token: token)
            #expect(refused.status == 400 && refused.isSCIMError)
            #expect(refused.detail.contains(#"Required attribute emails[type eq "work"].value is missing"#), "\(refused.detail)")
            #expect(refused.detail.contains("--email"))
            #expect(try await scim.list("Users", filter: #"userName eq "noemail@example.com""#).totalResults == 0)
            let failure = try #require(try await scim.logEntries(status: .failure).first)
            #expect(failure.operation == "local-create" && failure.resourceName == "noemail@example.com")

            let created = try await scim.admin(.post, "users", json: Self.localUser("withemail@example.com"), token: token)
            #expect(created.status == 201, "\(created.raw)")
        }
    }

    @Test("deactivating a local user suspends its roles and activating restores them")
    func activationSuspends() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let info = try await scim.adminInfo()
            _ = try await scim.services.mappings.createRole(name: "Analyst", info: info)
            _ = try await scim.services.mappings.addMapping(kind: .role, group: "Sales", target: "Analyst", info: info)
            let id = try await scim.admin(.post, "users", json: Self.localUser("lou@example.com"), token: token).id
            #expect(try await scim.createGroup("Sales", members: [id]).status == 201)
            #expect(try await scim.effectiveRoles(id) == ["Analyst"])

            #expect(try await scim.admin(.post, "users/\(id)/deactivate", token: token).status == 200)
            #expect(try await scim.effectiveRoles(id) == [])
            let suspended = try await scim.admin(.get, "users/\(id)", token: token)
            #expect(suspended["suspended"] == true && suspended["active"] == false && suspended["source"] == "local")
            #expect(suspended["roles"]?.arrayValue?.first?["role"] == "Analyst")  // kept while suspended

            #expect(try await scim.admin(.post, "users/\(id)/activate", token: token).status == 200)
            #expect(try await scim.effectiveRoles(id) == ["Analyst"])
            #expect(try await scim.admin(.get, "users/\(id)", token: token)["suspended"] == false)
        }
    }

    @Test("the identity provider's write to a local user is applied and adopts it: source scim, logged, then local changes refused")
    func adoption() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let id = try await scim.admin(.post, "users", json: Self.localUser("lou@example.com"), token: token).id
            // Entra: the create collides, so it matches the account by userName and updates it.
            let collision = try await scim.request(.post, "Users", json: EntraBodies.user(userName: "lou@example.com", externalId: "lou-ext"))
            #expect(collision.status == 409 && collision.scimType == "uniqueness")
            let matched = try await scim.list("Users", filter: #"userName eq "lou@example.com""#)
            #expect(matched.resourceIDs == [id])
            let before = try await scim.request(.get, "Users/\(id)")
            let patched = try await scim.patch(
                "Users/\(id)", [["op": "Replace", "path": "externalId", "value": "lou-ext"], ["op": "Add", "path": "title", "value": "Analyst"]])
            #expect(patched.status == 200 && patched["externalId"] == "lou-ext")
            #expect(patched.etag != before.etag)
            #expect(try await Self.source(scim, id) == "scim")

            let entry = try #require(try await scim.logEntries(operation: "patch").last)
            let changes = entry.changes?.arrayValue ?? []
            #expect(changes.contains(["attribute": .string(SCIMTestClient.scimdSchema + ":source"), "old": "local", "new": "scim"]))
            #expect(changes.contains(["attribute": "externalId", "old": nil, "new": "lou-ext"]))

            let refused = try await scim.admin(.post, "users/lou-ext/deactivate", token: token)
            #expect(refused.status == 409 && refused.detail.contains("managed by the identity provider (source: scim)"))

            // A PUT adopts too.
            let other = try await scim.admin(.post, "users", json: Self.localUser("max@example.com"), token: token).id
            let replaced = try await scim.request(.put, "Users/\(other)", json: EntraBodies.user(userName: "max@example.com", externalId: "max-ext"))
            #expect(replaced.status == 200)
            #expect(try await Self.source(scim, other) == "scim")
        }
    }

    @Test("a filter on the scimd extension's source selects local or synced users, over SCIM and the admin API")
    func filterOnSource() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let synced = try await scim.createUser("ann@example.com").id
            let local = try await scim.admin(.post, "users", json: Self.localUser("lou@example.com"), token: token).id
            let localOnly = try await scim.list("Users", filter: "\(Self.sourceFilter) eq \"local\"")
            #expect(localOnly.status == 200 && localOnly.resourceIDs == [local])
            #expect(try await scim.list("Users", filter: "\(Self.sourceFilter) eq \"SCIM\"").resourceIDs == [synced])
            #expect(try await scim.list("Users", filter: "not (\(Self.sourceFilter) eq \"local\")").resourceIDs == [synced])
            #expect(try await scim.list("Users", filter: "\(Self.sourceFilter) pr").totalResults == 2)
            let admin = try await scim.admin(
                .get, SCIMTestClient.query("users", ["filter": "\(Self.sourceFilter) eq \"local\""]), token: token)
            #expect(admin.status == 200 && admin["resources"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [local])
        }
    }

    @Test("malformed admin user bodies are 400 with one sentence", arguments: [
        ("POST", "users", "not json", "The body is not valid JSON"),
        ("POST", "users", "[1]", "A User must be a JSON object."),
        ("POST", "users", "", "The body is empty"),
        ("PATCH", "users/lou@example.com", #"{"Operations": "no"}"#, #""Operations" must be an array"#),
        ("PATCH", "users/lou@example.com", #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "active", "value": "maybe"}]}"#, ""),
    ])
    func badBodies(method: String, path: String, body: String, detail: String) async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            #expect(try await scim.admin(.post, "users", json: Self.localUser("lou@example.com"), token: token).status == 201)
            let response = try await scim.request(
                HTTPRequest.Method(method) ?? .post, "/admin/v1/\(path)", body: body.isEmpty ? nil : body, token: token,
                contentType: "application/json")
            #expect(response.status == 400 && response.isSCIMError, "\(response.raw)")
            #expect(!response.detail.isEmpty && response.detail.hasPrefix(detail), "\(response.detail)")
            // Nothing was created or changed; a refusal of a named user is logged under it.
            let user = try await scim.list("Users", filter: #"userName eq "lou@example.com""#)
            #expect(user.totalResults == 1 && user.resources.first?["active"] == true)
            if method == "PATCH" {
                let failure = try #require(try await scim.logEntries(status: .failure).last)
                #expect(failure.operation == "local-update" && failure.resourceName == "lou@example.com")
            }
        }
    }
}
