import Foundation
import Provisioning
import SCIM
import Store
import Testing

/// The assignment engine through the service layer over a real SQLite file (requirements §4): group
/// memberships become roles and an organization, and missing targets become sync-log errors
/// that resolve by themselves.
@Suite("Role and organization assignment")
struct AssignmentTests {
    static let rolePrefix = "Unable to update user's role"
    static let orgPrefix = "Unable to move existing user to an organization"

    // MARK: Effective assignment

    @Test("roles are the union over all mapped groups, each role once")
    func unionOfRoles() async throws {
        try await ServiceFixture.run { f in
            for r in ["Analyst", "Reviewer", "Admin"] { try await f.role(r) }
            try await f.mapRole("Sales", "Analyst")
            try await f.mapRole("Support", "Reviewer")
            try await f.mapRole("Support", "Analyst")
            try await f.mapRole("Unrelated", "Admin")
            let ann = try await f.user("ann@example.com")
            try await f.group("Sales", members: [ann])
            #expect(try await f.roles("ann@example.com") == ["Analyst"])
            try await f.group("Support", members: [ann])
            #expect(try await f.roles("ann@example.com") == ["Analyst", "Reviewer"])
            let roles = try await f.assignment(ann).roles
            #expect(roles.first { $0.role == "Reviewer" }?.group == "Support")
            #expect(try await f.assignment("ann@example.com").errors.isEmpty)
        }
    }

    @Test("the organization comes from the mapping with the lowest priority number, whatever the order")
    func organizationByPriority() async throws {
        try await ServiceFixture.run { f in
            for o in ["Field", "HQ", "Branch"] { try await f.org(o) }
            try await f.mapOrg("Field Staff", "Field", priority: 50)
            try await f.mapOrg("Executives", "HQ", priority: 5)
            try await f.mapOrg("Branch Staff", "Branch", priority: 70)
            let bob = try await f.user("bob@example.com")
            let field = try await f.group("Field Staff", members: [bob])
            try await f.group("Branch Staff", members: [bob])
            #expect(try await f.assignment(bob).organization == "Field")
            let executives = try await f.group("Executives", members: [bob])
            #expect(try await f.assignment(bob).organization == "HQ")
            try await f.removeMember(executives, bob)
            #expect(try await f.assignment(bob).organization == "Field")
            try await f.removeMember(field, bob)
            #expect(try await f.assignment(bob).organization == "Branch")
            let moves = try await f.log(operation: "mapping").filter { $0.message.contains("moved to organization") }
            #expect(moves.count == 4)
        }
    }

    @Test("a group is matched by externalId as well as by displayName")
    func externalIdAndDisplayName() async throws {
        try await ServiceFixture.run { f in
            try await f.role("Engineer")
            try await f.role("Builder")
            try await f.mapRole("8a1c-eng", "Engineer")
            try await f.mapRole("Engineering", "Builder")
            let cy = try await f.user("cy@example.com")
            try await f.group("Engineering", externalId: "8a1c-eng", members: [cy])
            #expect(try await f.roles(cy) == ["Builder", "Engineer"])
            let other = try await f.user("dee@example.com")
            try await f.group("Other", externalId: "other-ext", members: [other])
            #expect(try await f.roles(other) == [])
        }
    }

    @Test("deactivation suspends roles and organization; reactivation restores them")
    func suspension() async throws {
        try await ServiceFixture.run { f in
            try await f.role("Analyst")
            try await f.org("HQ")
            try await f.mapRole("Sales", "Analyst")
            try await f.mapOrg("Sales", "HQ")
            let eve = try await f.user("eve@example.com")
            try await f.group("Sales", members: [eve])
            try await f.setActive(eve, false)
            var a = try await f.assignment(eve)
            #expect(a.suspended && !a.active)
            let rendered = try await f.services.resources.get(.user, id: eve, info: f.info).object
            let ext = rendered["urn:scimd:params:scim:schemas:extension:2.0:User"]
            #expect(ext?["roles"] == nil && ext?["organization"] == nil)
            try await f.setActive(eve, true)
            a = try await f.assignment(eve)
            #expect(!a.suspended && a.roles.map(\.role) == ["Analyst"] && a.organization == "HQ")
            let restored = try await f.services.resources.get(.user, id: eve, info: f.info).object
            #expect(restored["urn:scimd:params:scim:schemas:extension:2.0:User"]?["roles"] == ["Analyst"])
            let notes = try await f.log(operation: "mapping").map(\.message)
            #expect(notes.contains { $0.contains("suspended") } && notes.contains { $0.contains("restored") })
        }
    }

    // MARK: Errors and their resolution

    @Test("a missing role opens one error naming user, group, mapping and role; creating the role resolves it")
    func missingRole() async throws {
        try await ServiceFixture.run { f in
            let mapping = try await f.mapRole("Auditors", "Auditor")
            let fay = try await f.user("fay@example.com")
            let group = try await f.group("Auditors", members: [fay])
            try await f.patch(.group, group, [["op": "replace", "path": "externalId", "value": "aud-1"]])  // recompute again
            let failures = try await f.log(status: .failure)
            #expect(failures.count == 1)
            let error = try #require(failures.first)
            #expect(error.message.hasPrefix(Self.rolePrefix))
            #expect(error.errorCode == "role_missing")
            #expect(error.resourceName == "fay@example.com" && error.operation == "mapping")
            #expect(error.details?["user"] == "fay@example.com")
            #expect(error.details?["group"] == "Auditors")
            #expect(error.details?["role"] == "Auditor")
            #expect(error.details?["mapping"]?.intValue == Int(mapping))
            #expect(error.details?["remedy"]?.stringValue?.contains("scimctl roles create 'Auditor'") == true)
            #expect(try await f.assignment(fay).errors.map(\.targetName) == ["Auditor"])

            try await f.role("auditor")  // names compare case-insensitively
            #expect(try await f.roles(fay) == ["auditor"])
            #expect(try await f.assignment(fay).errors.isEmpty)
            let resolution = try #require(try await f.log(status: .success).last { $0.details?["resolves"] != nil })
            #expect(resolution.details?["resolves"]?.intValue == Int(error.seq))
            #expect(try await f.log(status: .failure).count == 1)
        }
    }

    @Test("deleting a role held through a mapping gives the role error; re-creating it resolves it")
    func deletedRole() async throws {
        try await ServiceFixture.run { f in
            try await f.role("Analyst")
            try await f.mapRole("Sales", "Analyst")
            let gus = try await f.user("gus@example.com")
            try await f.group("Sales", members: [gus])
            _ = try await f.services.mappings.deleteRole(name: "Analyst", info: f.info)
            #expect(try await f.roles(gus) == [])
            let error = try #require(try await f.log(status: .failure).first)
            #expect(error.message.hasPrefix(Self.rolePrefix) && error.message.contains("'Analyst'"))
            try await f.role("Analyst")
            #expect(try await f.roles(gus) == ["Analyst"])
            let resolution = try #require(try await f.log(status: .success).last)
            #expect(resolution.details?["resolves"]?.intValue == Int(error.seq))
        }
    }

    @Test("a deleted organization gives the organization error; re-creating it moves the user back")
    func deletedOrganization() async throws {
        try await ServiceFixture.run { f in
            try await f.org("Field")
            try await f.mapOrg("Field Staff", "Field")
            let hal = try await f.user("hal@example.com")
            let group = try await f.group("Field Staff", members: [hal])
            _ = try await f.services.mappings.deleteOrganization(name: "Field", info: f.info)
            let ivy = try await f.user("ivy@example.com")
            try await f.addMembers(group, [ivy])  // a membership change arrives after the deletion
            #expect(try await f.assignment(hal).organization == nil)
            let failures = try await f.log(status: .failure)
            #expect(Set(failures.compactMap(\.resourceName)) == ["hal@example.com", "ivy@example.com"])
            for e in failures {
                #expect(e.message.hasPrefix(Self.orgPrefix))
                #expect(e.details?["organization"] == "Field" && e.details?["group"] == "Field Staff")
                #expect(e.details?["remedy"]?.stringValue?.contains("scimctl orgs create 'Field'") == true)
            }
            try await f.org("Field")
            #expect(try await f.assignment(hal).organization == "Field")
            #expect(try await f.assignment(ivy).organization == "Field")
            let resolved = try await f.log(status: .success).compactMap { $0.details?["resolves"]?.intValue }
            #expect(Set(resolved) == Set(failures.map { Int($0.seq) }))
            #expect(try await f.services.mappings.openErrors(tenant: f.info.tenant).isEmpty)
        }
    }

    @Test("deleting the mapping a role came from gives the role error; adding it again resolves it")
    func deletedMapping() async throws {
        try await ServiceFixture.run { f in
            try await f.role("Analyst")
            let mapping = try await f.mapRole("Sales", "Analyst")
            let jo = try await f.user("jo@example.com")
            try await f.group("Sales", members: [jo])
            _ = try await f.services.mappings.removeMapping(id: mapping, info: f.info)
            #expect(try await f.roles(jo) == [])
            let error = try #require(try await f.log(status: .failure).first)
            #expect(error.message.hasPrefix(Self.rolePrefix) && error.errorCode == "mapping_deleted")
            #expect(error.details?["mapping"]?.intValue == Int(mapping))
            #expect(try await f.assignment(jo).errors.map(\.reason) == ["mapping_deleted"])
            try await f.mapRole("Sales", "Analyst")
            #expect(try await f.roles(jo) == ["Analyst"])
            #expect(try await f.assignment(jo).errors.isEmpty)
            #expect(try await f.log(status: .success).last?.details?["resolves"]?.intValue == Int(error.seq))
        }
    }

    @Test("a user leaving the group closes its error as no longer applying, without a new one")
    func leavingClosesError() async throws {
        try await ServiceFixture.run { f in
            try await f.mapRole("Auditors", "Auditor")
            let kim = try await f.user("kim@example.com")
            let group = try await f.group("Auditors", members: [kim])
            let error = try #require(try await f.log(status: .failure).first)
            try await f.removeMember(group, kim)
            #expect(try await f.assignment(kim).errors.isEmpty)
            let closing = try #require(try await f.log(status: .success).last)
            #expect(closing.details?["resolves"]?.intValue == Int(error.seq))
            #expect(closing.message.contains("no longer applies"))
            try await f.role("Auditor")
            #expect(try await f.roles(kim) == [])
            #expect(try await f.log(status: .failure).count == 1)
        }
    }

    @Test("when a role held through two groups loses one mapping, it stays, and the log never gets an empty entry")
    func provenanceChange() async throws {
        try await ServiceFixture.run { f in
            try await f.role("Reader")
            let first = try await f.mapRole("Docs", "Reader")
            try await f.mapRole("Wiki", "Reader")
            let ned = try await f.user("ned@example.com")
            try await f.group("Docs", members: [ned])
            try await f.group("Wiki", members: [ned])
            let before = try await f.log(operation: "mapping").count
            _ = try await f.services.mappings.removeMapping(id: first, info: f.info)
            let a = try await f.assignment(ned)
            #expect(a.roles.map(\.role) == ["Reader"] && a.roles.first?.group == "Wiki" && a.errors.isEmpty)
            let effects = try await f.log(operation: "mapping").dropFirst(before)
            // Nothing the user can do changed, so nothing needs saying; if something is said, it says what.
            #expect(effects.allSatisfy { !$0.message.hasSuffix(": ") && $0.changes != nil }, "\(effects.map(\.message))")
        }
    }

    // MARK: Group changes

    @Test("renaming a group re-evaluates its members against the mappings")
    func renameReevaluates() async throws {
        try await ServiceFixture.run { f in
            try await f.role("Seller")
            try await f.mapRole("Sales", "Seller")
            let lu = try await f.user("lu@example.com")
            let group = try await f.group("Sales (old)", members: [lu])
            #expect(try await f.roles(lu) == [])
            try await f.patch(.group, group, [["op": "replace", "path": "displayName", "value": "Sales"]])
            #expect(try await f.roles(lu) == ["Seller"])
            try await f.patch(.group, group, [["op": "replace", "path": "displayName", "value": "Former Sales"]])
            #expect(try await f.roles(lu) == [])
        }
    }

    @Test("deleting a group removes the roles and organization it gave")
    func groupDeleteRemoves() async throws {
        try await ServiceFixture.run { f in
            try await f.role("Seller")
            try await f.role("Staff")
            try await f.org("HQ")
            try await f.mapRole("Sales", "Seller")
            try await f.mapRole("Everyone", "Staff")
            try await f.mapOrg("Sales", "HQ")
            let mo = try await f.user("mo@example.com")
            let sales = try await f.group("Sales", members: [mo])
            try await f.group("Everyone", members: [mo])
            #expect(try await f.roles(mo) == ["Seller", "Staff"])
            try await f.services.resources.delete(.group, id: sales, preconditions: Preconditions(), info: f.info)
            let a = try await f.assignment(mo)
            #expect(a.roles.map(\.role) == ["Staff"] && a.organization == nil)
            #expect(try await f.log(status: .failure).isEmpty)
            let change = try #require(try await f.log(operation: "mapping").last?.changes?.arrayValue)
            #expect(change.contains { $0["attribute"] == "roles" && $0["removed"] == ["Seller"] })
        }
    }
}
