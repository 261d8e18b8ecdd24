import Foundation
import Provisioning
import SCIM
import Store
import Testing

/// The operator's side of requirements §4 with the real scimctl binary: configure roles, organizations
/// and mappings, see a user's effective assignment, read the two "Unable to …" errors in the
/// log, and resolve them from the command line alone.
@Suite("scimctl roles, orgs, mappings and the mapping errors")
struct MappingCommandTests {
    static let rolePrefix = "Unable to update user's role"
    static let orgPrefix = "Unable to move existing user to an organization"

    /// Runs scimctl and requires exit 0.
    @discardableResult
    static func ok(_ f: CLIFixture, _ arguments: String...) async throws -> CLIResult {
        let result = try await CLIFixture.execute(f.globalArguments + arguments)
        #expect(result.status == 0, "scimctl \(arguments.joined(separator: " ")): \(result)")
        return result
    }

    @Test("roles, orgs and mappings created with scimctl give users their roles and organization")
    func configureAndShow() async throws {
        try await CLIFixture.run { f in
            let ann = try await f.user("ann@example.com", externalId: "ann-ext")
            try await f.group("Sales", members: [ann])
            try await f.group("Leads", members: [ann])
            try await Self.ok(f, "roles", "create", "Analyst", "--description", "Reads reports")
            try await Self.ok(f, "roles", "create", "Approver")
            try await Self.ok(f, "orgs", "create", "Field")
            try await Self.ok(f, "orgs", "create", "HQ")
            try await Self.ok(f, "orgs", "create", "EMEA", "--parent", "HQ")
            try await Self.ok(f, "mappings", "add-role", "--group", "Sales", "--role", "Analyst")
            try await Self.ok(f, "mappings", "add-role", "--group", "Leads", "--role", "Approver")
            try await Self.ok(f, "mappings", "add-org", "--group", "Sales", "--org", "Field", "--priority", "50")
            let added = try await Self.ok(f, "mappings", "add-org", "--group", "Leads", "--org", "EMEA", "--priority", "5")
            #expect(added.stdout.contains("priority 5"))

            let show = try await Self.ok(f, "users", "show", "ann@example.com")
            #expect(show.stdout.contains("Effective roles: Analyst (via 'Sales'), Approver (via 'Leads')"))
            #expect(show.stdout.contains("Organization:    EMEA"))
            let byExternalID = try await Self.ok(f, "users", "show", "ann-ext", "--json")
            let user = try #require(byExternalID.jsonLines.first)
            #expect(user["id"] == .string(ann))
            let ext = user["urn:scimd:params:scim:schemas:extension:2.0:User"]
            #expect(ext?["organization"] == "EMEA")
            #expect(Set(ext?["roles"]?.arrayValue?.compactMap(\.stringValue) ?? []) == ["Analyst", "Approver"])

            let orgs = try await Self.ok(f, "orgs", "list", "--json").jsonLines
            #expect(orgs.first { $0["name"] == "EMEA" }?["parent"] == "HQ")
            let tree = try await Self.ok(f, "orgs", "list").lines
            #expect(tree.contains("  EMEA") || tree.contains { $0.hasPrefix("  EMEA ") })
            let mappings = try await Self.ok(f, "mappings", "list", "--json").jsonLines
            #expect(mappings.count == 4)
            #expect(mappings.allSatisfy { $0["targetExists"] == true })
            #expect(mappings.first { $0["target"] == "EMEA" }?["priority"]?.intValue == 5)

            try await f.setActive(ann, false)
            let inactive = try await Self.ok(f, "users", "show", "ann@example.com")
            #expect(inactive.stdout.contains("[suspended: user inactive]"))
            let inactiveJSON = try #require(try await Self.ok(f, "users", "show", "ann@example.com", "--json").jsonLines.first)
            #expect(inactiveJSON["active"] == false)
            #expect(inactiveJSON["urn:scimd:params:scim:schemas:extension:2.0:User"]?["roles"] == nil)
            try await f.setActive(ann, true)
            let active = try await Self.ok(f, "users", "show", "ann@example.com")
            #expect(!active.stdout.contains("suspended") && active.stdout.contains("Organization:    EMEA"))
        }
    }

    @Test("a deleted organization and role: both errors in `log --status failure --json`, with names and remedies")
    func errorsInTheLog() async throws {
        try await CLIFixture.run { f in
            let ann = try await f.user("ann@example.com")
            let sales = try await f.group("Sales", members: [ann])
            try await Self.ok(f, "roles", "create", "Analyst")
            try await Self.ok(f, "orgs", "create", "Field")
            try await Self.ok(f, "mappings", "add-role", "--group", "Sales", "--role", "Analyst")
            try await Self.ok(f, "mappings", "add-org", "--group", "Sales", "--org", "Field", "--priority", "10")
            let mappingIDs = try await Self.ok(f, "mappings", "list", "--json").jsonLines.compactMap { $0["id"]?.intValue }
            try await Self.ok(f, "roles", "delete", "Analyst")
            try await Self.ok(f, "orgs", "delete", "Field")
            let bob = try await f.user("bob@example.com")
            try await f.addMembers(sales, [bob])  // a membership change arrives from the identity provider

            let failures = try await Self.ok(f, "log", "--status", "failure", "--json")
            #expect(failures.lines.count == failures.jsonLines.count)
            #expect(failures.jsonLines.allSatisfy { $0["status"] == "failure" && $0["operation"] == "mapping" })
            for userName in ["ann@example.com", "bob@example.com"] {
                let mine = failures.jsonLines.filter { $0["details"]?["user"] == .string(userName) }
                let role = try #require(mine.first { $0["message"]?.stringValue?.hasPrefix(Self.rolePrefix) == true })
                #expect(role["details"]?["role"] == "Analyst" && role["details"]?["group"] == "Sales")
                #expect(role["details"]?["mapping"]?.intValue.map(mappingIDs.contains) == true)
                #expect(role["details"]?["remedy"]?.stringValue?.contains("scimctl roles create 'Analyst'") == true)
                let org = try #require(mine.first { $0["message"]?.stringValue?.hasPrefix(Self.orgPrefix) == true })
                #expect(org["details"]?["organization"] == "Field" && org["details"]?["group"] == "Sales")
                #expect(org["details"]?["remedy"]?.stringValue?.contains("scimctl orgs create 'Field'") == true)
                #expect(mine.count == 2)
            }
            let show = try await Self.ok(f, "users", "show", "bob@example.com")
            #expect(show.stdout.contains("Effective roles: none") && show.stdout.contains("Organization:    none"))
            #expect(show.stdout.contains("organization 'Field' from group 'Sales'"))
            let listed = try await Self.ok(f, "mappings", "list").stdout
            #expect(listed.contains("(missing)"))
        }
    }

    @Test("`orgs create` resolves the organization errors with no SCIM call: the user gets the org, a success entry resolves each")
    func recreateResolves() async throws {
        try await CLIFixture.run { f in
            let ann = try await f.user("ann@example.com")
            let sales = try await f.group("Sales")
            try await Self.ok(f, "orgs", "create", "Field")
            try await Self.ok(f, "mappings", "add-org", "--group", "Sales", "--org", "Field")
            try await Self.ok(f, "orgs", "delete", "Field")
            try await f.addMembers(sales, [ann])
            let error = try #require(try await Self.ok(f, "log", "--status", "failure", "--json").jsonLines.first)
            #expect(error["message"]?.stringValue?.hasPrefix(Self.orgPrefix) == true)
            let errorSeq = try #require(error["seq"]?.intValue)
            let scimWrites = try await f.services.syncLog.entries(SyncLogQuery(operation: "patch")).count

            try await Self.ok(f, "orgs", "create", "Field")
            #expect(try await Self.ok(f, "users", "show", "ann@example.com").stdout.contains("Organization:    Field"))
            let log = try await Self.ok(f, "log", "--json").jsonLines
            let resolution = try #require(log.first { $0["details"]?["resolves"] != nil })
            #expect(resolution["details"]?["resolves"]?.intValue == errorSeq)
            #expect(resolution["status"] == "success" && resolution["resourceName"] == "ann@example.com")
            #expect(try await f.services.syncLog.entries(SyncLogQuery(operation: "patch")).count == scimWrites)
            #expect(try await f.services.mappings.openErrors(tenant: f.info.tenant).isEmpty)
        }
    }

    @Test("`mappings remove` gives the role error; adding the mapping again resolves it")
    func removedMapping() async throws {
        try await CLIFixture.run { f in
            let ann = try await f.user("ann@example.com")
            try await f.group("Sales", members: [ann])
            try await Self.ok(f, "roles", "create", "Analyst")
            try await Self.ok(f, "mappings", "add-role", "--group", "Sales", "--role", "Analyst")
            let id = try #require(try await Self.ok(f, "mappings", "list", "--json").jsonLines.first?["id"]?.intValue)
            try await Self.ok(f, "mappings", "remove", String(id))
            let error = try #require(try await Self.ok(f, "log", "--status", "failure", "--json").jsonLines.first)
            #expect(error["message"]?.stringValue?.hasPrefix(Self.rolePrefix) == true)
            #expect(error["errorCode"] == "mapping_deleted" && error["details"]?["mapping"]?.intValue == id)
            #expect(try await Self.ok(f, "users", "show", "ann@example.com").stdout.contains("Effective roles: none"))
            try await Self.ok(f, "mappings", "add-role", "--group", "Sales", "--role", "Analyst")
            #expect(try await Self.ok(f, "users", "show", "ann@example.com").stdout.contains("Effective roles: Analyst"))
            let resolves = try await Self.ok(f, "log", "--json").jsonLines.compactMap { $0["details"]?["resolves"]?.intValue }
            #expect(resolves == [error["seq"]?.intValue].compactMap { $0 })
        }
    }

    @Test("creating a role or organization that exists is refused with exit 1")
    func duplicates() async throws {
        try await CLIFixture.run { f in
            try await Self.ok(f, "roles", "create", "Analyst")
            let again = try await f.scimctl("roles", "create", "analyst")
            #expect(again.status == 1 && again.stderr.contains("already exists"))
            try await Self.ok(f, "orgs", "create", "Field")
            #expect(try await f.scimctl("orgs", "create", "Field").status == 1)
            let orphan = try await f.scimctl("orgs", "create", "Child", "--parent", "Nowhere")
            #expect(orphan.status == 1 && orphan.stderr.contains("Nowhere"))
            #expect(try await Self.ok(f, "roles", "list", "--json").jsonLines.count == 1)
        }
    }
}
