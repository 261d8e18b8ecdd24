import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing

/// Sync scope rules end to end over HTTP (requirements §5): required attributes refuse a create
/// or replace with a detail that names the attribute; inclusion criteria keep a user out of
/// scope — stored, no roles, last assignment frozen — and the sync log says why.
@Suite("Sync scope rules over HTTP")
struct ScopeRuleTests {
    static let enterprise = SCIMTestClient.enterpriseSchema

    /// Sets the default tenant's rules as an operator would.
    static func setRules(_ scim: SCIMTestClient, _ change: @escaping @Sendable (inout ScopeRules) -> Void) async throws {
        try await scim.services.scope.update(info: try await scim.adminInfo(), change)
    }

    /// Role `Member` for everyone in group `Staff`, which holds `users`.
    static func staffRole(_ scim: SCIMTestClient, users: [String]) async throws -> String {
        let info = try await scim.adminInfo()
        _ = try await scim.services.mappings.createRole(name: "Member", info: info)
        _ = try await scim.services.mappings.addMapping(kind: .role, group: "Staff", target: "Member", info: info)
        return try await scim.createGroup("Staff", members: users).id
    }

    @Test("with the default rules, a user without an email is refused with 400 naming the email, and logged with its userName")
    func missingEmailRefused() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let refused = try await scim.createUser(
                "noemail@contoso.com", extra: ["name": ["givenName": "No", "familyName": "Email"]])
            #expect(refused.status == 400)
            #expect(refused.scimType == "invalidValue")
            let detail = refused["detail"]?.stringValue ?? ""
            #expect(detail.hasPrefix(#"Required attribute emails[type eq "work"].value is missing"#), "\(detail)")
            #expect(!detail.contains("givenName is missing"))
            #expect(try await scim.list("Users", filter: #"userName eq "noemail@contoso.com""#).totalResults == 0)
            let failure = try #require(try await scim.logEntries(status: .failure).last)
            #expect(failure.resourceName == "noemail@contoso.com")
            #expect(failure.errorCode == "invalidValue")
            #expect(failure.message.contains("emails"))

            // Missing names are named too, all of them.
            let nameless = try await scim.createUser(
                "nameless@contoso.com", extra: ["emails": [["type": "work", "value": "nameless@contoso.com"]]])
            #expect(nameless.status == 400)
            #expect(nameless["detail"]?.stringValue?.contains("missing: name.givenName, name.familyName") == true)
        }
    }

    @Test("an untyped email satisfies the default rule when no email is typed work; a home-only address does too")
    func anyEmailWhenNoneIsWork() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let names: SCIMValue = ["givenName": "Any", "familyName": "Mail"]
            let untyped = try await scim.createUser("untyped@contoso.com", extra: ["name": names, "emails": [["value": "u@contoso.com"]]])
            #expect(untyped.status == 201, "\(untyped.raw)")
            let home = try await scim.createUser(
                "home@contoso.com", extra: ["name": names, "emails": [["type": "home", "value": "h@example.org"]]])
            #expect(home.status == 201, "\(home.raw)")
            let blank = try await scim.createUser(
                "blank@contoso.com", extra: ["name": names, "emails": [["type": "work", "value": "  "]]])
            #expect(blank.status == 400)
        }
    }

    @Test("a PUT without a required attribute is refused; Entra's PATCH that empties it is applied and puts the user out of scope")
    func replaceRefusedPatchApplied() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let ann = try await scim.createProvisionedUser("ann@contoso.com")
            #expect(ann.status == 201)
            _ = try await Self.staffRole(scim, users: [ann.id])
            #expect(try await scim.effectiveRoles(ann.id) == ["Member"])

            var bare = ann.object
            bare["emails"] = nil
            let put = try await scim.request(.put, "Users/\(ann.id)", json: .object(bare))
            #expect(put.status == 400)
            #expect(put["detail"]?.stringValue?.contains("emails") == true)

            // Entra's "null update": Replace with an empty value.
            let patched = try await scim.patch(
                "Users/\(ann.id)", [["op": "Replace", "path": #"emails[type eq "work"].value"#, "value": ""]])
            #expect(patched.status == 200, "\(patched.raw)")
            let skipped = try #require(try await scim.logEntries(status: .skipped).last)
            #expect(skipped.resourceName == "ann@contoso.com")
            #expect(skipped.errorCode == "outOfScope")
            #expect(skipped.message.contains(#"required attribute emails[type eq "work"].value is missing"#), "\(skipped.message)")
            #expect(skipped.message.contains("keeps what it had (Member)"), "\(skipped.message)")
            // Out of scope keeps the last assignment.
            #expect(try await scim.effectiveRoles(ann.id) == ["Member"])
        }
    }

    /// One case per criterion: the rule, a user body that meets it and one that does not.
    struct CriterionCase: Sendable, CustomTestStringConvertible {
        var criterion: ScopeCriterion
        var allowed: [String]
        var meets: [String: SCIMValue]
        var fails: [String: SCIMValue]
        /// The failing user's value the entry must show.
        var failingValue: String?
        /// For `group`: whether the user meeting the rule is put in the group `Sales`.
        var inSalesGroup = false
        var testDescription: String { criterion.rawValue }
    }

    static let criterionCases: [CriterionCase] = [
        CriterionCase(criterion: .userType, allowed: ["Employee"], meets: ["userType": "employee"], fails: ["userType": "Contractor"],
            failingValue: "Contractor"),
        CriterionCase(
            criterion: .department, allowed: ["Sales", "Support"], meets: [enterprise: ["department": "SUPPORT"]],
            fails: [enterprise: ["department": "Marketing"]], failingValue: "Marketing"),
        CriterionCase(
            criterion: .office, allowed: ["Oslo"], meets: ["addresses": [["type": "work", "locality": "oslo"]]],
            fails: ["addresses": [["type": "home", "locality": "Oslo"]], enterprise: ["division": "Bergen"]], failingValue: "Bergen"),
        CriterionCase(
            criterion: .office, allowed: ["Nordics"], meets: [enterprise: ["division": "Nordics"]],
            fails: [enterprise: ["organization": "Nordics Inc"]], failingValue: "Nordics Inc"),
        CriterionCase(
            criterion: .domain, allowed: ["contoso.com"],
            meets: ["emails": [["type": "work", "value": "a@Contoso.com"], ["type": "home", "value": "a@gmail.com"]]],
            fails: ["emails": [["type": "work", "value": "a@fabrikam.com"]]], failingValue: "fabrikam.com"),
        CriterionCase(criterion: .group, allowed: ["sales"], meets: [:], fails: [:], inSalesGroup: true),
    ]

    @Test("each inclusion criterion met and not met: the failing user is stored without roles, and the entry shows its value", arguments: criterionCases)
    func criterionMetAndNotMet(_ rule: CriterionCase) async throws {
        try await TestServer.run { scim in
            try await Self.setRules(scim) { $0.criteria[rule.criterion] = .values(rule.allowed) }
            let info = try await scim.adminInfo()
            _ = try await scim.services.mappings.createRole(name: "Member", info: info)
            _ = try await scim.services.mappings.addMapping(kind: .role, group: "Everyone", target: "Member", info: info)
            let meets = try await scim.createUser("meets@example.com", extra: rule.meets)
            let fails = try await scim.createUser("fails@example.com", extra: rule.fails)
            #expect(meets.status == 201 && fails.status == 201, "\(meets.raw) \(fails.raw)")
            if rule.inSalesGroup { _ = try await scim.createGroup("Sales", members: [meets.id]) }
            _ = try await scim.createGroup("Everyone", members: [meets.id, fails.id])

            #expect(try await scim.effectiveRoles(meets.id) == ["Member"])
            #expect(try await scim.effectiveRoles(fails.id) == [])
            let skipped = try await scim.logEntries(status: .skipped).filter { $0.resourceName == "fails@example.com" }
            let entry = try #require(skipped.first, "no skipped entry for the failing user")
            #expect(entry.message.contains(rule.criterion.rawValue), "\(entry.message)")
            #expect(entry.message.contains("receives no roles or organization"), "\(entry.message)")
            if let value = rule.failingValue {
                #expect(entry.message.contains("'\(value)'"), "\(entry.message) should show the user's value")
            }
            // (The group case's user is out of scope until it joins Sales, which is logged too.)
            if !rule.inSalesGroup {
                #expect(try await scim.logEntries(status: .skipped).allSatisfy { $0.resourceName != "meets@example.com" })
            }
        }
    }

    @Test("`all` admits a department first seen after the rule was set, but not a user with no department")
    func allAdmitsLaterValues() async throws {
        try await TestServer.run { scim in
            try await Self.setRules(scim) { $0.criteria[.department] = .all }
            let newcomer = try await scim.createUser("new@example.com", extra: [Self.enterprise: .object(["department": "Quantum Research"])])
            let none = try await scim.createUser("none@example.com")
            _ = try await Self.staffRole(scim, users: [newcomer.id, none.id])
            #expect(try await scim.effectiveRoles(newcomer.id) == ["Member"])
            #expect(try await scim.effectiveRoles(none.id) == [])
            let entry = try #require(try await scim.logEntries(status: .skipped).last)
            #expect(entry.message.contains("department has no value (rule: department: all)"), "\(entry.message)")
        }
    }

    @Test("out of scope keeps the last assignment and is not updated; back in scope re-applies, logged both ways")
    func outOfScopeThenBack() async throws {
        try await TestServer.run { scim in
            try await Self.setRules(scim) { $0.criteria[.department] = .values(["Sales"]) }
            let ann = try await scim.createUser("ann@example.com", extra: [Self.enterprise: ["department": "Sales"]])
            _ = try await Self.staffRole(scim, users: [ann.id])
            #expect(try await scim.effectiveRoles(ann.id) == ["Member"])

            let moved = try await scim.patch(
                "Users/\(ann.id)", [["op": "replace", "path": .string("\(Self.enterprise):department"), "value": "Marketing"]])
            #expect(moved.status == 200)
            let left = try #require(try await scim.logEntries(status: .skipped).last)
            #expect(left.message.contains("department 'Marketing' is not in [Sales]"), "\(left.message)")
            #expect(left.message.contains("left sync scope"), "\(left.message)")

            // A new mapping for her group does not reach her while she is out of scope.
            let info = try await scim.adminInfo()
            _ = try await scim.services.mappings.createRole(name: "Editor", info: info)
            _ = try await scim.services.mappings.addMapping(kind: .role, group: "Staff", target: "Editor", info: info)
            #expect(try await scim.effectiveRoles(ann.id) == ["Member"])

            let back = try await scim.patch(
                "Users/\(ann.id)", [["op": "replace", "path": .string("\(Self.enterprise):department"), "value": "sales"]])
            #expect(back.status == 200)
            #expect(try await scim.effectiveRoles(ann.id) == ["Editor", "Member"])
            let returned = try #require(try await scim.logEntries(operation: "mapping").last)
            #expect(returned.message.contains("back in sync scope"), "\(returned.message)")
            #expect(returned.message.contains("assigned role 'Editor'"), "\(returned.message)")
        }
    }

    @Test("the group criterion follows membership: joining the group brings a user into scope, leaving takes it out")
    func groupCriterionFollowsMembership() async throws {
        try await TestServer.run { scim in
            try await Self.setRules(scim) { $0.criteria[.group] = .values(["Licensed"]) }
            let bob = try await scim.createUser("bob@example.com")
            _ = try await Self.staffRole(scim, users: [bob.id])
            #expect(try await scim.effectiveRoles(bob.id) == [])
            let licensed = try await scim.createGroup("Licensed", members: [bob.id])
            #expect(try await scim.effectiveRoles(bob.id) == ["Member"])
            _ = try await scim.patch("Groups/\(licensed.id)", [EntraBodies.removeMembers([bob.id])])
            let entry = try #require(try await scim.logEntries(status: .skipped).last)
            #expect(entry.resourceName == "bob@example.com")
            #expect(entry.message.contains("group 'Staff' is not in [Licensed]"), "\(entry.message)")
        }
    }

    @Test("changing the rules re-evaluates existing users and is logged as scope-update with before → after")
    func rulesChangeReevaluates() async throws {
        try await TestServer.run { scim in
            let ann = try await scim.createUser("ann@example.com", extra: [Self.enterprise: ["department": "Sales"]])
            let bob = try await scim.createUser("bob@example.com", extra: [Self.enterprise: ["department": "Legal"]])
            _ = try await Self.staffRole(scim, users: [ann.id, bob.id])
            #expect(try await scim.effectiveRoles(bob.id) == ["Member"])
            try await Self.setRules(scim) { $0.criteria[.department] = .values(["Sales"]) }
            let change = try #require(try await scim.logEntries(operation: "scope-update").last)
            #expect(change.message.contains("department: none → [Sales]"), "\(change.message)")
            #expect(change.message.contains("2 users recomputed"), "\(change.message)")
            let skipped = try await scim.logEntries(status: .skipped)
            #expect(skipped.map(\.resourceName) == ["bob@example.com"])
            // Bob keeps what he had (frozen), Ann is unaffected.
            #expect(try await scim.effectiveRoles(bob.id) == ["Member"])
            try await Self.setRules(scim) { $0.criteria[.department] = nil }
            let back = try #require(try await scim.logEntries(operation: "mapping").last)
            #expect(back.resourceName == "bob@example.com")
            #expect(back.message.contains("back in sync scope"))
        }
    }

    @Test("the admin API reads and changes the rules; bad paths, criteria and values get 400 naming them")
    func adminAPI() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let token = try await scim.adminToken()
            let shown = try await scim.admin(.get, "scope", token: token)
            #expect(shown.status == 200)
            #expect(shown["isDefault"] == true)
            #expect(shown["required"] == [#"emails[type eq "work"].value"#, "name.givenName", "name.familyName"])

            let required = try await scim.admin(.put, "scope/required", json: ["required": ["userName", "name.familyName"]], token: token)
            #expect(required.status == 200, "\(required.raw)")
            #expect(required["required"] == ["userName", "name.familyName"])
            let department = try await scim.admin(.put, "scope/criteria/department", json: ["values": ["Sales", "Support"]], token: token)
            #expect(department["criteria"]?["department"] == ["Sales", "Support"])
            let office = try await scim.admin(.put, "scope/criteria/office", json: ["values": "all"], token: token)
            #expect(office["criteria"]?["office"] == "all")
            let cleared = try await scim.admin(.delete, "scope/criteria/office", token: token)
            #expect(cleared.status == 200)
            #expect(cleared["criteria"]?["office"] == nil)
            #expect(cleared["isDefault"] == false)

            let whole = try await scim.admin(.put, "scope", json: ["required": [], "criteria": ["domain": ["contoso.com"]]], token: token)
            #expect(whole.status == 200, "\(whole.raw)")
            #expect(whole["lines"] == ["required: none", "domain in [contoso.com]"])

            let badPath = try await scim.admin(.put, "scope/required", json: ["required": ["name.nickname"]], token: token)
            #expect(badPath.status == 400)
            #expect(badPath["detail"]?.stringValue?.contains("name.nickname") == true)
            let badCriterion = try await scim.admin(.put, "scope/criteria/colour", json: ["values": ["red"]], token: token)
            #expect(badCriterion.status == 400)
            #expect(badCriterion["detail"]?.stringValue?.contains("colour") == true)
            let empty = try await scim.admin(.put, "scope/criteria/userType", json: ["values": []], token: token)
            #expect(empty.status == 400)
            let notAll = try await scim.admin(.put, "scope/criteria/userType", json: ["values": "everyone"], token: token)
            #expect(notAll.status == 400)
            // Nothing refused was saved.
            #expect(try await scim.admin(.get, "scope", token: token)["lines"] == ["required: none", "domain in [contoso.com]"])
            let logged = try await scim.logEntries(operation: "scope-update")
            #expect(logged.count == 5)
            #expect(logged.allSatisfy { $0.client == "admin:operator" })
        }
    }
}
