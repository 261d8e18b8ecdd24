import ChildProcess
import Foundation
import Provisioning
import SCIM
import Store
import Testing

/// `scimctl scope` (requirements §5): the rules as the operator sees and changes them, and the
/// effect of a change on users already stored.
@Suite("scimctl scope")
struct ScopeCommandTests {
    @Test("show prints the defaults of a new tenant; require, include and clear change them and say so")
    func showAndChange() async throws {
        try await CLIFixture.run(scope: .defaults) { f in
            let shown = try await f.scimctl("scope", "show")
            #expect(shown.status == 0)
            #expect(shown.stdout.contains("(the defaults)"))
            #expect(shown.stdout.contains(#"required: emails[type eq "work"].value"#))

            let included = try await f.scimctl("scope", "include", "department", "Sales, Support")
            #expect(included.status == 0, "\(included)")
            #expect(included.stdout.contains("department in [Sales, Support]"))
            let all = try await f.scimctl("scope", "include", "office", "all")
            #expect(all.stdout.contains("office: all"))
            let required = try await f.scimctl("scope", "require", #"emails[type eq "work"].value,name.familyName"#)
            #expect(required.status == 0, "\(required)")
            #expect(!required.stdout.contains("name.givenName"))
            let cleared = try await f.scimctl("scope", "clear", "office")
            #expect(!cleared.stdout.contains("office"))

            let json = try await f.scimctl("--json", "scope", "show")
            let object = try #require(try SCIMValue(parsing: json.stdout).objectValue)
            #expect(object["isDefault"] == false)
            #expect(object["required"] == [#"emails[type eq "work"].value"#, "name.familyName"])
            #expect(object["criteria"] == ["department": ["Sales", "Support"]])

            let none = try await f.scimctl("scope", "require", "none")
            #expect(none.stdout.contains("required: none"))
            let log = try await f.scimctl("--json", "log", "--operation", "scope-update")
            #expect(log.jsonLines.count == 5)
            #expect(log.jsonLines.allSatisfy { $0["client"] == "scimctl" })
        }
    }

    @Test("a rules change from scimctl re-evaluates stored users before the command exits")
    func changeReachesStoredUsers() async throws {
        try await CLIFixture.run { f in
            let ann = try await f.user("ann@example.com")
            _ = try await f.services.mappings.createRole(name: "Member", info: f.info)
            _ = try await f.services.mappings.addMapping(kind: .role, group: "Staff", target: "Member", info: f.info)
            try await f.group("Staff", members: [ann])
            let changed = try await f.scimctl("scope", "include", "userType", "Employee")
            #expect(changed.status == 0)
            let skipped = try await f.scimctl("--json", "log", "--status", "skipped")
            let entry = try #require(skipped.jsonLines.first)
            #expect(entry["resourceName"] == "ann@example.com")
            #expect(entry["message"]?.stringValue?.contains("userType has no value (rule: userType in [Employee])") == true)
        }
    }

    @Test("an unknown criterion or attribute path exits 1 with one sentence naming it, and changes nothing", arguments: [
        ["scope", "include", "colour", "red"], ["scope", "require", "name.nickname"], ["scope", "clear", "shoeSize"],
    ])
    func refused(_ arguments: [String]) async throws {
        try await CLIFixture.run(scope: .defaults) { f in
            let result = try await CLIFixture.execute(f.globalArguments + arguments)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains(arguments[2]), "\(result)")
            #expect(result.stdout.isEmpty)
            #expect(try await f.scimctl("--json", "log", "--operation", "scope-update").jsonLines.isEmpty)
        }
    }
}
