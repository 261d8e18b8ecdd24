import ChildProcess
import Foundation
import Provisioning
import SCIM
import Store
import Testing

/// `scimctl diagnose` and `scimctl provision` with the real binary over a real database: the
/// sections an administrator reads, the one JSON object `--json` prints, the usage errors, and
/// a dry run that leaves the database byte-for-byte as it was.
@Suite("scimctl diagnose and provision")
struct DiagnoseCommandTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let salesOrSupport = ScopeRules(criteria: [.department: .values(["Sales", "Support"])])

    /// A user as an identity provider sends one, with a department.
    static func payload(_ userName: String, externalId: String, department: String, familyName: String = "Archer") -> SCIMObject {
        var body = SCIMObject()
        body["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:User", .string(enterprise)]
        body["userName"] = .string(userName)
        body["externalId"] = .string(externalId)
        body["active"] = true
        body["name"] = ["givenName": "Ann", "familyName": .string(familyName)]
        body["emails"] = [["type": "work", "primary": true, "value": .string(userName)]]
        body[enterprise] = ["department": .string(department)]
        return body
    }

    @discardableResult
    static func create(_ f: CLIFixture, _ body: SCIMObject) async throws -> String {
        try await f.services.resources.create(.user, body: body, info: f.info).object["id"]?.stringValue ?? ""
    }

    static func write(_ body: SCIMObject, in f: CLIFixture, name: String) throws -> String {
        let path = URL(fileURLWithPath: f.databasePath).deletingLastPathComponent().appendingPathComponent(name).path
        try Data(SCIMValue.object(body).serialized()).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("diagnose: one line per rule with ✓/✗, the user's value and the rule; roles with their mapping; the frozen assignment")
    func userText() async throws {
        try await CLIFixture.run(scope: Self.salesOrSupport) { f in
            let ann = try await Self.create(f, Self.payload("ann@example.com", externalId: "ann-1", department: "Sales"))
            try await Self.create(f, Self.payload("eve@example.com", externalId: "eve-1", department: "Engineering"))
            try await f.group("Sales", members: [ann])
            let role = try await f.services.mappings.createRole(name: "Analyst", info: f.info)
            let mapping = try await f.services.mappings.addMapping(kind: .role, group: "Sales", target: role.name, info: f.info)

            let eligible = try await f.scimctl("diagnose", "ann@example.com")
            #expect(eligible.status == 0, "\(eligible)")
            #expect(eligible.lines.contains { $0.contains("✓ met") && $0.contains("department in [Sales, Support]") && $0.contains("'Sales'") })
            #expect(eligible.stdout.contains("Sync scope rules: eligible (in scope)"))
            #expect(eligible.stdout.contains("Roles:        Analyst (mapping \(mapping.id), group 'Sales')"))
            #expect(eligible.stdout.contains("Frozen:       no"))

            let ineligible = try await f.scimctl("diagnose", "eve-1")
            #expect(ineligible.status == 0, "\(ineligible)")
            let line = try #require(ineligible.lines.first { $0.contains("department in [Sales, Support]") })
            #expect(line.contains("✗ NOT MET") && line.contains("'Engineering'"))
            #expect(ineligible.stdout.contains("NOT eligible (out of scope)"))
            #expect(ineligible.stdout.contains("Frozen:       yes, out of scope: department 'Engineering' is not in [Sales, Support]"))
            #expect(ineligible.stdout.contains("Sync log (newest first)"))
            #expect(ineligible.stderr.isEmpty)
        }
    }

    @Test("diagnose --json prints one object whose keys are always all there")
    func userJSON() async throws {
        try await CLIFixture.run { f in
            try await f.user("ann@example.com")
            for key in ["ann@example.com", "nobody@example.com"] {
                let result = try await f.scimctl("diagnose", key, "--json")
                #expect(result.status == 0 && result.lines.count == 1, "\(result)")
                let object = try #require(result.jsonLines.first?.objectValue)
                #expect(
                    Set(object.keys) == [
                        "key", "tenant", "status", "summary", "user", "eligible", "rules", "assignment", "errors", "refusal", "log",
                        "candidates", "checklist",
                    ])
            }
            let never = try #require(try await f.scimctl("diagnose", "nobody@example.com", "--json").jsonLines.first)
            #expect(never["status"] == "neverReceived" && never["user"] == .null)
        }
    }

    @Test("diagnose --group: members counted by failed rule and inactive members counted")
    func groupText() async throws {
        try await CLIFixture.run(scope: Self.salesOrSupport) { f in
            var ids: [String] = []
            for (i, department) in ["Sales", "Engineering", "Support", "Legal", "Sales"].enumerated() {
                var body = Self.payload("m\(i)@example.com", externalId: "m\(i)", department: department)
                if i == 4 { body["active"] = false }
                ids.append(try await Self.create(f, body))
            }
            try await f.group("Everyone", members: ids)
            let result = try await f.scimctl("diagnose", "--group", "Everyone")
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("5 member users: 3 in scope, 2 out of scope, 1 inactive"))
            #expect(result.lines.contains("  2 of 5 members: department not in [Sales, Support]"))
            #expect(result.lines.contains { $0.hasPrefix("m1@example.com") && $0.contains("✗ out") })
            let json = try #require(try await f.scimctl("diagnose", "--group", "Everyone", "--json").jsonLines.first)
            #expect(json["failedRules"]?.arrayValue?.first?["count"]?.intValue == 2)
        }
    }

    @Test("diagnose --group over more members than one page and than the row limit: all counted, 1,000 listed")
    func largeGroup() async throws {
        try await CLIFixture.run(scope: Self.salesOrSupport) { f in
            var ids: [String] = []
            for i in 0..<1_003 {
                ids.append(try await Self.create(f, Self.payload("u\(i)@example.com", externalId: "u\(i)", department: i % 3 == 0 ? "Legal" : "Sales")))
            }
            // A request holds at most 1,000 members (the validator's limit), so add them in two.
            let group = try await f.group("Everyone", members: Array(ids.prefix(600)))
            try await f.addMembers(group, Array(ids.dropFirst(600)))
            let result = try await f.scimctl("diagnose", "--group", "Everyone", "--json")
            #expect(result.status == 0, "\(result.stderr)")
            let d = try #require(result.jsonLines.first)
            #expect(d["users"]?.intValue == 1_003 && d["outOfScope"]?.intValue == 335 && d["inScope"]?.intValue == 668)
            #expect(d["members"]?.arrayValue?.count == 1_000 && d["truncated"] == true)
            #expect(d["failedRules"]?.arrayValue?.first?["summary"] == "335 of 1003 members: department not in [Sales, Support]")
        }
    }

    @Test("diagnose with neither or both of USER and --group exits 2; an unknown group exits 1 with one line")
    func usage() async throws {
        try await CLIFixture.run { f in
            for arguments in [["diagnose"], ["diagnose", "ann", "--group", "Sales"]] {
                let result = try await CLIFixture.execute(f.globalArguments + arguments)
                #expect(result.status == 2, "\(arguments): \(result)")
                #expect(result.stderr.contains("Name a user (scimctl diagnose USER) or a group"))
                #expect(result.stdout.isEmpty)
            }
            let missing = try await f.scimctl("diagnose", "--group", "Nobody")
            #expect(missing.status == 1 && missing.stdout.isEmpty)
            #expect(missing.stderr.split(separator: "\n").count == 1 && missing.stderr.contains("No group 'Nobody'"))
        }
    }

    @Test("provision --dry-run leaves the database byte-for-byte unchanged (sqlite3 .dump), for a create and an update")
    func dryRunWritesNothing() async throws {
        try await CLIFixture.run(scope: .defaults) { f in
            try await Self.create(f, Self.payload("ann@example.com", externalId: "ann-1", department: "Sales"))
            let update = try Self.write(
                Self.payload("ann@example.com", externalId: "ann-1", department: "Sales", familyName: "Archer-Smith"), in: f, name: "ann.json")
            let create = try Self.write(Self.payload("bo@example.com", externalId: "bo-1", department: "Sales"), in: f, name: "bo.json")
            let before = try await DatabaseDump.text(of: f.databasePath)

            let updated = try await f.scimctl("provision", "--dry-run", update)
            #expect(updated.status == 0, "\(updated)")
            #expect(updated.stdout.contains("(dry run: nothing is written)"))
            #expect(updated.lines.contains { $0.contains("✓ match") && $0.contains("by externalId 'ann-1'") })
            #expect(updated.stdout.contains(#"name: {"givenName":"Ann","familyName":"Archer"} → {"givenName":"Ann","familyName":"Archer-Smith"}"#))
            let created = try await f.scimctl("provision", "--dry-run", "--json", create)
            #expect(created.status == 0, "\(created)")
            let report = try #require(created.jsonLines.first)
            #expect(report["action"] == "create" && report["dryRun"] == true && report["resourceId"] == .null)
            // Standard input, as `scimctl provision --dry-run - < file` reads it.
            let piped = try ChildProcess.launch(
                "/bin/sh", arguments: ["-c", "\"$0\" --database \"$1\" --schemas \"$2\" provision --dry-run - < \"$3\"",
                    CLIFixture.binary.path, f.databasePath, CLIFixture.schemaDirectory, update])
            #expect(await piped.finish(within: .seconds(30)) == 0)
            #expect(piped.standardOutput.contains("Would replace user"))

            #expect(try await DatabaseDump.text(of: f.databasePath) == before)
        }
    }

    @Test("provision for real creates, then replaces, through the SCIM write path; logged as provision-on-demand by scimctl")
    func realRun() async throws {
        try await CLIFixture.run(scope: .defaults) { f in
            let file = try Self.write(Self.payload("cy@example.com", externalId: "cy-1", department: "Sales"), in: f, name: "cy.json")
            let created = try await f.scimctl("provision", "--json", file)
            #expect(created.status == 0, "\(created)")
            let report = try #require(created.jsonLines.first)
            let id = try #require(report["resourceId"]?.stringValue)
            #expect(report["action"] == "create" && report["operation"] == "provision-on-demand")
            let stored = try #require(try await f.services.resources.find(.user, key: "cy-1", info: f.info))
            #expect(stored.object["id"] == .string(id))

            _ = try Self.write(Self.payload("cy@example.com", externalId: "cy-1", department: "Support"), in: f, name: "cy.json")
            let replaced = try await f.scimctl("provision", file)
            #expect(replaced.status == 0, "\(replaced)")
            #expect(replaced.stdout.contains("Replaced user \(id)"))
            #expect(replaced.stdout.contains("\(Self.enterprise):department: \"Sales\" → \"Support\""))
            #expect(replaced.lines.last?.hasPrefix("Result: user \(id), sync-log entry ") == true)
            let entries = try await f.services.syncLog.entries(
                SyncLogQuery(tenantID: f.info.tenant.id, resourceID: id, operation: "provision-on-demand", limit: 10))
            #expect(entries.count == 2 && entries.allSatisfy { $0.client == "scimctl" })

            let again = try await f.scimctl("provision", file)
            #expect(again.status == 0 && again.stdout.contains("No change"))
        }
    }

    @Test("bad payloads exit 1 with one sentence on stderr: no file, not JSON, unknown schema, missing userName, refused")
    func badPayloads() async throws {
        try await CLIFixture.run(scope: .defaults) { f in
            let directory = URL(fileURLWithPath: f.databasePath).deletingLastPathComponent()
            let cases: [(String, String)] = [
                ("{", "The payload is not valid JSON"),
                (#"{"schemas":["urn:example:Widget"]}"#, "The payload's schemas must name exactly one of"),
                (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}"#, "The payload is not a valid User: Attribute 'userName' is required"),
                (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"dee"}"#, "provisioning was refused: Refused (400 invalidValue): Required attribute emails"),
            ]
            for (i, (text, message)) in cases.enumerated() {
                let path = directory.appendingPathComponent("bad\(i).json").path
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                let result = try await f.scimctl("provision", path)
                #expect(result.status == 1, "\(text): \(result)")
                #expect(result.stderr.hasPrefix("scimctl: \(message)"), "\(text): \(result)")
                #expect(result.stderr.split(separator: "\n").count == 1)
            }
            let missing = try await f.scimctl("provision", directory.appendingPathComponent("nope.json").path)
            #expect(missing.status == 1 && missing.stdout.isEmpty && missing.stderr.contains("no such file"))
        }
    }

    @Test("help text names the keys a user is found by and the dry run")
    func help() async throws {
        try await CLIFixture.run { f in
            let diagnose = try await f.scimctl("diagnose", "--help")
            #expect(diagnose.status == 0 && diagnose.stdout.contains("id, userName, externalId or email"))
            #expect(diagnose.stdout.contains("--group <group>"))
            let provision = try await f.scimctl("provision", "--help")
            #expect(provision.status == 0 && provision.stdout.contains("--dry-run") && provision.stdout.contains("- reads standard input"))
        }
    }
}
