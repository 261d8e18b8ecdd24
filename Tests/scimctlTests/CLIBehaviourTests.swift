import ChildProcess
import Foundation
import Provisioning
import SCIM
import Store
import Testing

/// How scimctl behaves as a command-line tool (requirements §1, §7): exit codes and one-line errors,
/// NDJSON and tables, help text, and `log` filters including `--follow`.
@Suite("scimctl as a command-line tool")
struct CLIBehaviourTests {
    /// Every leaf command an administrator can ask for help on.
    static let commands: [[String]] = [
        ["tenants", "create"], ["tenants", "list"], ["tokens", "create"], ["tokens", "list"], ["tokens", "revoke"],
        ["users", "list"], ["users", "show"], ["groups", "list"], ["groups", "show"], ["roles", "list"],
        ["roles", "create"], ["roles", "delete"], ["orgs", "list"], ["orgs", "create"], ["orgs", "delete"],
        ["mappings", "list"], ["mappings", "add-role"], ["mappings", "add-org"], ["mappings", "remove"], ["log"],
        ["scope", "show"], ["scope", "require"], ["scope", "include"], ["scope", "clear"],
    ]

    /// A database with a little of everything.
    static func populated(_ f: CLIFixture) async throws {
        let ann = try await f.user("ann@example.com", externalId: "ann-ext")
        let bob = try await f.user("bob@example.com")
        try await f.group("Sales", members: [ann, bob])
        _ = try await f.services.mappings.createRole(name: "Analyst", info: f.info)
        _ = try await f.services.mappings.createOrganization(name: "Field", info: f.info)
        _ = try await f.services.mappings.addMapping(kind: .role, group: "Sales", target: "Analyst", info: f.info)
        _ = try await f.services.tokenAdministration.createToken(name: "entra")
    }

    // MARK: Exit codes

    @Test("not found exits 1 with one line on stderr and nothing on stdout", arguments: [
        ["roles", "delete", "Nope"], ["orgs", "delete", "Nope"], ["users", "show", "nobody"], ["groups", "show", "Nobody"],
        ["mappings", "remove", "999"], ["tokens", "revoke", "ffffffff"], ["roles", "list", "--tenant", "nope"],
    ])
    func notFound(_ arguments: [String]) async throws {
        try await CLIFixture.run { f in
            try await Self.populated(f)
            let result = try await CLIFixture.execute(f.globalArguments + arguments)
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.isEmpty)
            let message = result.stderr.trimmingCharacters(in: .newlines)
            #expect(!message.isEmpty && !message.contains("\n"), "\(result)")
            #expect(message.hasPrefix("scimctl: "))
        }
    }

    @Test("usage errors exit 2", arguments: [
        ["log", "--status", "bogus"], ["log", "--since", "yesterday-ish"], ["log", "--limit", "0"],
        ["log", "--user", "a", "--group", "b"], ["mappings", "add-org", "--org", "Field"], ["mappings", "add-role", "--group", "Sales"],
        ["roles", "create"], ["mappings", "remove", "abc"], ["tokens", "create", "--name", "x", "--kind", "root"], ["frobnicate"],
        ["scope", "require"], ["scope", "include", "department"], ["scope", "clear"],
    ])
    func usageErrors(_ arguments: [String]) async throws {
        try await CLIFixture.run { f in
            let result = try await CLIFixture.execute(f.globalArguments + arguments)
            #expect(result.status == 2, "\(result)")
            #expect(!result.stderr.isEmpty && result.stdout.isEmpty)
        }
    }

    @Test("a database that does not exist is an operation failure that says what to do, and is not created")
    func missingDatabase() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).sqlite").path
        let result = try await CLIFixture.execute(["--database", path, "--schemas", CLIFixture.schemaDirectory, "roles", "list"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(path) && result.stderr.contains("--database"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    // MARK: Help

    @Test("each command's help parses and describes it", arguments: commands)
    func help(_ command: [String]) async throws {
        let result = try await CLIFixture.execute(command + ["--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("USAGE: scimctl \(command.joined(separator: " "))"), "\(result)")
        #expect(result.stdout.contains("--database"))
    }

    @Test("`mappings add-org --help` documents --priority and which number wins")
    func addOrgHelp() async throws {
        let result = try await CLIFixture.execute(["mappings", "add-org", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--priority"))
        #expect(result.stdout.lowercased().contains("lower"))
    }

    // MARK: Output

    @Test("--json prints one JSON object per line", arguments: [
        ["log"], ["roles", "list"], ["orgs", "list"], ["mappings", "list"], ["users", "list"], ["groups", "list"],
        ["tokens", "list"], ["tenants", "list"], ["users", "show", "ann@example.com"], ["scope", "show"],
    ])
    func ndjson(_ arguments: [String]) async throws {
        try await CLIFixture.run { f in
            try await Self.populated(f)
            let result = try await CLIFixture.execute(f.globalArguments + ["--json"] + arguments)
            #expect(result.status == 0, "\(result)")
            #expect(!result.lines.isEmpty)
            for line in result.lines {
                let parsed = try? SCIMValue(parsing: line)
                #expect(parsed?.objectValue != nil, "not a JSON object: \(line)")
            }
        }
    }

    @Test("--json prints each result in the shape the admin API returns: the same keys, RFC 3339 times", arguments: [
        (["roles", "list"], ["created", "description", "id", "name"]),
        (["orgs", "list"], ["created", "depth", "id", "name"]),
        (["mappings", "list"], ["created", "group", "id", "kind", "priority", "target", "targetExists"]),
        (["tenants", "list"], ["created", "id", "name"]),
        (["tokens", "list"], ["created", "id", "kind", "name", "prefix", "state", "tenant"]),
    ])
    func sharedShapes(_ arguments: [String], keys: [String]) async throws {
        try await CLIFixture.run { f in
            try await Self.populated(f)
            _ = try await f.services.mappings.createRole(name: "Reader", description: "reads", info: f.info)
            let result = try await CLIFixture.execute(f.globalArguments + ["--json"] + arguments)
            #expect(result.status == 0, "\(result)")
            let objects = result.jsonLines.compactMap(\.objectValue)
            #expect(!objects.isEmpty)
            // Every key listed appears (optional ones, like a role's description, when set).
            let all = Set(objects.flatMap { $0.entries.map(\.key) })
            #expect(Set(keys).isSubset(of: all), "\(all)")
            for object in objects {
                #expect(object["created"]?.stringValue.flatMap(SCIMDateTime.parse) != nil, "\(object)")
            }
        }
    }

    @Test("tables on a pipe start with a plain header row", arguments: [
        (["log"], "TIME"), (["roles", "list"], "NAME"), (["users", "list"], "ID"), (["mappings", "list"], "ID"),
        (["tokens", "list"], "ID"), (["orgs", "list"], "ORGANIZATION"),
    ])
    func tables(_ arguments: [String], _ first: String) async throws {
        try await CLIFixture.run { f in
            try await Self.populated(f)
            let result = try await CLIFixture.execute(f.globalArguments + arguments)
            #expect(result.status == 0)
            let header = try #require(result.lines.first)
            #expect(header.hasPrefix(first + " "), "\(result)")
            #expect(!result.stdout.contains("\u{1B}["), "no colour codes on a pipe")
            #expect(result.lines.count >= 2)
        }
    }

    // MARK: log

    @Test("log filters: user, operation, status, limit; newest first; the summary counts")
    func logFilters() async throws {
        try await CLIFixture.run { f in
            try await Self.populated(f)
            let all = try await f.scimctl("log", "--json").jsonLines
            let seqs = all.compactMap { $0["seq"]?.intValue }
            #expect(seqs == seqs.sorted(by: >) && seqs.count == all.count)
            let ann = try await f.scimctl("log", "--json", "--user", "ann@example.com").jsonLines
            #expect(!ann.isEmpty && ann.allSatisfy { $0["resourceName"] == "ann@example.com" })
            #expect(ann.contains { $0["operation"] == "mapping" })
            let creates = try await f.scimctl("log", "--json", "--operation", "create").jsonLines
            #expect(creates.count == 3 && creates.allSatisfy { $0["operation"] == "create" })
            #expect(try await f.scimctl("log", "--json", "--limit", "2").jsonLines.map { $0["seq"]?.intValue } == Array(seqs.prefix(2)))
            #expect(try await f.scimctl("log", "--json", "--status", "failure").lines.isEmpty)
            #expect(try await f.scimctl("log", "--json", "--since", "1h").jsonLines.count == all.count)
            #expect(try await f.scimctl("log", "--json", "--until", "2000-01-01").lines.isEmpty)
            let text = try await f.scimctl("log").lines
            let summary = try #require(text.last)
            #expect(summary.hasPrefix("\(all.count) entries") && summary.hasSuffix(": 3 created, 0 updated, 0 deleted, 0 failed"))
        }
    }

    @Test("log --follow prints an entry written after it started")
    func follow() async throws {
        try await CLIFixture.run { f in
            try await Self.populated(f)
            let child = try ChildProcess.launch(CLIFixture.binary.path, arguments: f.globalArguments + ["log", "--follow"])
            defer { child.signal(SIGKILL) }
            #expect(await child.waitForOutput(seconds: 15) { $0.hasPrefix("TIME ") && $0.contains(" created, ") })
            #expect(!child.standardOutput.contains("zed@example.com"))
            try await f.user("zed@example.com")
            let seen = await child.waitForOutput(seconds: 15) { $0.contains("zed@example.com") }
            #expect(seen, "scimctl log --follow printed:\n\(child.standardOutput)")
            #expect(child.isRunning, "--follow keeps running")
        }
    }
}
