import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing
@testable import ScimdServer

@Suite("Console: mappings, groups and the mapping preview")
struct ConsoleMappingsTests {
    /// Four users in Engineering, one of them already an Admin through the Admins group.
    static func seed(_ scim: SCIMTestClient) async throws -> [String] {
        var ids: [String] = []
        for name in ["ann", "ben", "cat", "dan"] { ids.append(try await scim.createUser(name).id) }
        #expect(try await scim.createGroup("Engineering", members: ids).status == 201)
        #expect(try await scim.createGroup("Admins", members: [ids[0]]).status == 201)
        let info = try await scim.adminInfo()
        _ = try await scim.services.mappings.createRole(name: "Admin", info: info)
        _ = try await scim.services.mappings.addMapping(kind: .role, group: "Admins", target: "Admin", info: info)
        return ids
    }

    @Test("the preview's count is what saving then does, and both changes are logged with the console client")
    func previewMatchesSave() async throws {
        try await TestServer.run { scim in
            let ids = try await Self.seed(scim)
            let browser = try await ConsolePagesTests.signedIn(scim)
            _ = try await browser.get("/console/mappings")
            let preview = try await browser.post("/console/mappings/preview", ["kind": "role", "group": "engineering", "target": "Admin"])
            #expect(preview.status == 200)
            #expect(preview.body.contains("3 users will gain role &#39;Admin&#39;.") || preview.body.contains("3 users will gain role &apos;Admin&apos;."), "\(preview.body)")
            #expect(preview.body.contains("Save this mapping"))
            // The admin API answers the same preview.
            let admin = try await scim.adminToken()
            let api = try await scim.admin(.post, "mappings/preview", json: ["kind": "role", "group": "engineering", "target": "Admin"], token: admin)
            #expect(api.status == 200)
            #expect(api["gaining"] == .integer(3))
            #expect(api["members"] == .integer(4))
            #expect(api["targetExists"] == .bool(true))
            // Nothing was written by either preview.
            #expect(try await scim.services.mappings.mappings(tenant: try await scim.adminInfo().tenant).count == 1)

            var before: [String: [String]] = [:]
            for id in ids { before[id] = try await scim.effectiveRoles(id) }
            let saved = try await browser.post("/console/mappings", ["kind": "role", "group": "engineering", "target": "Admin", "priority": "100"])
            #expect(saved.status == 303)
            #expect(saved.location == "/console/mappings?done=mapping")
            var gained = 0
            for id in ids where try await scim.effectiveRoles(id).contains("Admin") && !(before[id] ?? []).contains("Admin") { gained += 1 }
            #expect(gained == 3)
            let added = try #require(try await scim.logEntries(operation: "mapping-add").last)
            #expect(added.client == "console:ops-default")

            // Previewing it again: a duplicate, and saving is not offered.
            let again = try await browser.post("/console/mappings/preview", ["kind": "role", "group": "Engineering", "target": "admin"])
            #expect(again.body.contains("already mapped"))
            #expect(!again.body.contains("Save this mapping"))

            let id = try #require(try await scim.services.mappings.mappings(tenant: try await scim.adminInfo().tenant).last?.id)
            let removed = try await browser.post("/console/mappings/delete", ["id": String(id)])
            #expect(removed.status == 303)
            #expect(try await scim.logEntries(operation: "mapping-remove").last?.client == "console:ops-default")
            #expect(try await scim.effectiveRoles(ids[1]).isEmpty)
        }
    }

    @Test("an organization preview counts users a mapping with precedence keeps, and a missing target as errors")
    func organizationPreview() async throws {
        try await TestServer.run { scim in
            let ids = try await Self.seed(scim)
            let info = try await scim.adminInfo()
            _ = try await scim.services.mappings.createOrganization(name: "HQ", info: info)
            _ = try await scim.services.mappings.addMapping(kind: .organization, group: "Admins", target: "HQ", priority: 1, info: info)
            let preview = try await scim.services.mappings.previewMapping(kind: .organization, group: "Engineering", target: "HQ", priority: 50, info: info)
            #expect(preview.members == 4)
            #expect(preview.overridden == 1)  // ann: Admins → HQ at priority 1 wins (already there)
            #expect(preview.gaining == 3)
            let missing = try await scim.services.mappings.previewMapping(kind: .role, group: "Engineering", target: "Nope", info: info)
            #expect(missing.targetExists == false)
            #expect(missing.failing == 4)
            #expect(missing.gaining == 0)
            _ = try await scim.services.mappings.addMapping(kind: .organization, group: "Engineering", target: "HQ", priority: 50, info: info)
            var inHQ = 0
            for id in ids where try await scim.effective(id)?["organization"]?.stringValue == "HQ" { inHQ += 1 }
            #expect(inHQ == 4)
        }
    }

    @Test("roles and organizations are created and deleted from the console, logged with its client; bad input is said on the page")
    func rolesAndOrganizations() async throws {
        try await TestServer.run { scim in
            let browser = try await ConsolePagesTests.signedIn(scim)
            _ = try await browser.get("/console/mappings")
            #expect(try await browser.post("/console/roles", ["name": "Auditor", "description": "Reads"]).location == "/console/mappings?done=role")
            #expect(try await browser.post("/console/organizations", ["name": "Sales"]).status == 303)
            let page = try await browser.get("/console/mappings?done=role")
            #expect(page.body.contains("The role was created."))
            #expect(page.body.contains("<td>Auditor</td>") && page.body.contains("<td>Sales</td>"))
            #expect(try await scim.logEntries(operation: "role-create").last?.client == "console:ops-default")
            let duplicate = try await browser.post("/console/roles", ["name": "auditor"])
            #expect(duplicate.status == 409)
            #expect(duplicate.body.contains("already exists"))
            let badPriority = try await browser.post("/console/mappings/preview", ["kind": "organization", "group": "g", "target": "Sales", "priority": "high"])
            #expect(badPriority.status == 400)
            #expect(try await browser.post("/console/roles/delete", ["name": "Auditor"]).status == 303)
            #expect(try await scim.logEntries(operation: "role-delete").last?.client == "console:ops-default")
            // A POST without the token changes nothing.
            #expect(try await browser.post("/console/roles", ["name": "Forged"], csrf: .some(nil)).status == 403)
            #expect(try await scim.services.mappings.roles(tenant: try await scim.adminInfo().tenant).isEmpty)
        }
    }

    @Test("groups are searched; a group's page shows its members and the mappings that name it")
    func groupsPages() async throws {
        try await TestServer.run { scim in
            _ = try await Self.seed(scim)
            let browser = try await ConsolePagesTests.signedIn(scim)
            let list = try await browser.get("/console/groups?q=eng")
            #expect(list.body.contains(">Engineering</a>") && !list.body.contains(">Admins</a>"))
            let admins = try await browser.get("/console/groups/Admins")
            #expect(admins.status == 200)
            #expect(admins.body.contains("role <strong>Admin</strong>"))
            #expect(admins.body.contains("<dt>Users</dt><dd>1</dd>"))
            let engineering = try await browser.get("/console/groups/Engineering")
            #expect(engineering.body.contains("No mapping names this group."))
            #expect(engineering.body.contains(">dan</a>"))
            #expect(try await browser.get("/console/groups/Nobody").status == 404)
        }
    }
}
