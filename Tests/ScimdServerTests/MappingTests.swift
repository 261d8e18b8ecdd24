import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing

/// Roles and organizations from mapped groups, end to end over HTTP on a real database
/// (requirements §4, §9): what the identity provider pushes, what the operator configures, and where
/// the effective assignment shows.
@Suite("Group mappings over HTTP")
struct MappingTests {
    static let ext = SCIMTestClient.scimdSchema

    /// Catalogue and mappings most tests share: two roles through two groups, organizations by priority.
    static func configure(_ scim: SCIMTestClient) async throws -> (info: RequestInfo, salesOrgMapping: Int64) {
        let info = try await scim.adminInfo()
        let m = scim.services.mappings
        for role in ["Analyst", "Reviewer"] { _ = try await m.createRole(name: role, info: info) }
        for org in ["HQ", "Field"] { _ = try await m.createOrganization(name: org, info: info) }
        _ = try await m.addMapping(kind: .role, group: "Sales", target: "Analyst", info: info)
        _ = try await m.addMapping(kind: .role, group: "grp-ext-support", target: "Reviewer", info: info)  // by externalId
        _ = try await m.addMapping(kind: .role, group: "Support", target: "Analyst", info: info)  // by displayName
        let sales = try await m.addMapping(kind: .organization, group: "Sales", target: "Field", priority: 20, info: info)
        _ = try await m.addMapping(kind: .organization, group: "grp-ext-support", target: "HQ", priority: 10, info: info)
        return (info, sales.id)
    }

    @Test("union of roles, organization by priority, group matched by externalId and by displayName")
    func effectiveAssignment() async throws {
        try await TestServer.run { scim in
            _ = try await Self.configure(scim)
            let ann = try await scim.createUser("ann@example.com").id
            let sales = try await scim.createGroup("Sales", members: [ann])
            #expect(sales.status == 201)
            #expect(try await scim.effectiveRoles(ann) == ["Analyst"])
            #expect(try await scim.effective(ann)?["organization"] == "Field")

            let support = try await scim.request(
                .post, "Groups", json: EntraBodies.group(displayName: "Support", externalId: "grp-ext-support"))
            #expect(support.status == 201)
            let added = try await scim.patch("Groups/\(support.id)", [EntraBodies.addMembers([ann])])
            #expect((200...204).contains(added.status))
            #expect(try await scim.effectiveRoles(ann) == ["Analyst", "Reviewer"])
            #expect(try await scim.effective(ann)?["organization"] == "HQ")  // priority 10 beats 20

            let removed = try await scim.patch("Groups/\(support.id)", [EntraBodies.removeMembers([ann])])
            #expect((200...204).contains(removed.status))
            #expect(try await scim.effectiveRoles(ann) == ["Analyst"])
            #expect(try await scim.effective(ann)?["organization"] == "Field")
        }
    }

    @Test("the extension is returned on request only, and is read-only")
    func extensionOnRequest() async throws {
        try await TestServer.run { scim in
            _ = try await Self.configure(scim)
            let ann = try await scim.createUser("ann@example.com")
            #expect(ann[Self.ext] == nil)
            _ = try await scim.createGroup("Sales", members: [ann.id])
            let plain = try await scim.request(.get, "Users/\(ann.id)")
            #expect(plain.status == 200)
            #expect(plain[Self.ext] == nil)
            let listed = try await scim.list("Users", filter: "userName eq \"ann@example.com\"", ["attributes": Self.ext])
            #expect(listed.resources.first?[Self.ext]?["roles"] == ["Analyst"])
            let rolesOnly = try await scim.request(.get, SCIMTestClient.query("Users/\(ann.id)", ["attributes": "\(Self.ext):roles"]))
            #expect(rolesOnly[Self.ext]?["roles"] == ["Analyst"])
            #expect(rolesOnly[Self.ext]?["organization"] == nil && rolesOnly["userName"] == nil)
            let both = try await scim.request(.get, SCIMTestClient.query("Users/\(ann.id)", ["attributes": "userName,\(Self.ext)"]))
            #expect(both["userName"] == "ann@example.com" && both[Self.ext]?["organization"] == "Field")

            let attempt = try await scim.patch(
                "Users/\(ann.id)", [["op": "replace", "path": .string("\(Self.ext):roles"), "value": ["Admin"]]])
            #expect(attempt.status == 400 || attempt.status == 200)
            #expect(try await scim.effectiveRoles(ann.id) == ["Analyst"])
            let put = try await scim.request(
                .put, "Users/\(ann.id)",
                json: ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "ann@example.com", "active": true])
            #expect(put.status == 200)
            #expect(try await scim.effectiveRoles(ann.id) == ["Analyst"])
        }
    }

    @Test("active:false suspends roles and organization everywhere; reactivation restores them")
    func deactivation() async throws {
        try await TestServer.run { scim in
            _ = try await Self.configure(scim)
            let token = try await scim.adminToken()
            let bob = try await scim.createUser("bob@example.com").id
            _ = try await scim.createGroup("Sales", members: [bob])
            let off = try await scim.patch("Users/\(bob)", [["op": "Replace", "path": "active", "value": false]])
            #expect(off.status == 200)
            #expect(off["active"] == false)
            #expect(try await scim.effectiveRoles(bob) == [])
            #expect(try await scim.effective(bob)?["organization"] == nil)
            let suspended = try await scim.admin(.get, "users/bob@example.com", token: token)
            #expect(suspended["active"] == false && suspended["suspended"] == true)

            let on = try await scim.patch("Users/\(bob)", [["op": "Replace", "path": "active", "value": true]])
            #expect(on.status == 200)
            #expect(try await scim.effectiveRoles(bob) == ["Analyst"])
            #expect(try await scim.effective(bob)?["organization"] == "Field")
            let restored = try await scim.admin(.get, "users/bob@example.com", token: token)
            #expect(restored["suspended"] == false)
            #expect(restored["organization"] == "Field")
            let effects = try await scim.logEntries(operation: "mapping").map(\.message)
            #expect(effects.contains { $0.contains("suspended") } && effects.contains { $0.contains("restored") })
        }
    }

    @Test("GET /admin/v1/users/{userName} shows roles with their groups and the organization; it needs an admin token")
    func adminUserView() async throws {
        try await TestServer.run { scim in
            _ = try await Self.configure(scim)
            let cy = try await scim.createUser("cy@example.com", externalId: "cy-ext").id
            _ = try await scim.createGroup("Sales", members: [cy])
            let token = try await scim.adminToken()
            let view = try await scim.admin(.get, "users/cy@example.com", token: token)
            #expect(view.status == 200)
            #expect(view["id"] == .string(cy))
            #expect(view["roles"]?.arrayValue?.map { $0["role"] } == ["Analyst"])
            #expect(view["roles"]?.arrayValue?.first?["group"] == "Sales")
            #expect(view["organization"] == "Field")
            #expect(view["errors"] == [])
            #expect(try await scim.admin(.get, "users/cy-ext", token: token)["id"] == .string(cy))
            #expect(try await scim.admin(.get, "users/nobody@example.com", token: token).status == 404)
            let withSCIMToken = try await scim.admin(.get, "users/cy@example.com", token: scim.token)
            #expect(withSCIMToken.status == 401 && withSCIMToken.isSCIMError)
            #expect(try await scim.admin(.get, "users/cy@example.com", token: "nope").status == 401)
        }
    }

    @Test("a deleted organization: the membership change succeeds, the error is logged, re-creating resolves it")
    func deletedOrganization() async throws {
        try await TestServer.run { scim in
            let (info, mapping) = try await Self.configure(scim)
            let token = try await scim.adminToken()
            let dee = try await scim.createUser("dee@example.com").id
            let sales = try await scim.createGroup("Sales", members: []).id
            #expect(try await scim.admin(.delete, "organizations/Field", token: token).status == 204)
            let joined = try await scim.patch("Groups/\(sales)", [EntraBodies.addMembers([dee])])
            #expect((200...204).contains(joined.status))  // the identity provider did nothing wrong
            #expect(try await scim.memberIDs(ofGroup: sales) == [dee])

            let failures = try await scim.logEntries(status: .failure)
            #expect(failures.count == 1)
            let error = try #require(failures.first)
            #expect(error.message.hasPrefix("Unable to move existing user to an organization"))
            #expect(error.details?["user"] == "dee@example.com" && error.details?["group"] == "Sales")
            #expect(error.details?["organization"] == "Field" && error.details?["mapping"]?.asInt == Int(mapping))
            #expect(error.details?["remedy"]?.stringValue?.isEmpty == false)
            let adminLog = try await scim.admin(.get, "log?status=failure", token: token)
            #expect(adminLog.json?.arrayValue?.map { $0["seq"]?.asInt } == [Int(error.seq)] as [Int?])
            #expect(try await scim.admin(.get, "errors", token: token).json?.arrayValue?.count == 1)

            _ = try await scim.services.mappings.createOrganization(name: "Field", info: info)
            #expect(try await scim.effective(dee)?["organization"] == "Field")
            let resolution = try #require(try await scim.logEntries(status: .success).last)
            #expect(resolution.details?["resolves"]?.asInt == Int(error.seq))
            #expect(try await scim.admin(.get, "errors", token: token).json == [])
        }
    }

    @Test("a deleted role, and a deleted mapping, give the role error through the admin API")
    func deletedRoleAndMapping() async throws {
        try await TestServer.run { scim in
            _ = try await Self.configure(scim)
            let token = try await scim.adminToken()
            let eve = try await scim.createUser("eve@example.com").id
            let fay = try await scim.createUser("fay@example.com").id
            let sales = try await scim.createGroup("Sales", members: [eve]).id
            #expect(try await scim.admin(.delete, "roles/Analyst", token: token).status == 204)
            #expect(try await scim.patch("Groups/\(sales)", [EntraBodies.addMembers([fay])]).status < 300)
            let roleErrors = try await scim.logEntries(status: .failure)
            #expect(Set(roleErrors.compactMap(\.resourceName)) == ["eve@example.com", "fay@example.com"])
            #expect(roleErrors.allSatisfy { $0.message.hasPrefix("Unable to update user's role") && $0.details?["role"] == "Analyst" })
            #expect(try await scim.effectiveRoles(fay) == [])

            let created = try await scim.admin(.post, "roles", json: ["name": "Analyst"], token: token)
            #expect(created.status == 201)
            #expect(try await scim.effectiveRoles(fay) == ["Analyst"])

            let mappings = try await scim.admin(.get, "mappings", token: token).json?.arrayValue ?? []
            let salesRole = try #require(mappings.first { $0["group"] == "Sales" && $0["kind"] == "role" }?["id"]?.asInt)
            #expect(try await scim.admin(.delete, "mappings/\(salesRole)", token: token).status == 204)
            #expect(try await scim.effectiveRoles(eve) == [])
            let mappingErrors = try await scim.logEntries(status: .failure).filter { $0.errorCode == "mapping_deleted" }
            #expect(mappingErrors.count == 2)
            #expect(mappingErrors.allSatisfy { $0.message.hasPrefix("Unable to update user's role") && $0.details?["mapping"]?.asInt == salesRole })
            let view = try await scim.admin(.get, "users/eve@example.com", token: token)
            #expect(view["errors"]?.arrayValue?.map { $0["reason"] } == ["mapping_deleted"])
        }
    }
}
