import Foundation
import Provisioning
import SCIM
import Store
import Testing

/// `scimctl report` run as the real binary over a real database: the text, JSON and HTML carry
/// the same numbers, the period and the tenant are the ones asked for, bad values exit 2.
@Suite("scimctl report")
struct ReportCommandTests {
    /// A mix in the default tenant: creates, a deactivation and reactivation, a delete, a refusal,
    /// a role mapping and one to a missing role.
    static func populate(_ f: CLIFixture) async throws {
        let ann = try await f.user("ann@example.com")
        let bob = try await f.user("bob@example.com")
        let cy = try await f.user("cy@example.com")
        try await f.setActive(bob, false)
        try await f.setActive(bob, true)
        try await f.setActive(cy, false)
        try await f.services.resources.delete(.user, id: cy, preconditions: Preconditions(), info: f.info)
        _ = try? await f.user("ann@example.com")  // refused: the userName is taken
        try await f.group("Sales", members: [ann, bob])
        let admin = try await CLIFixture.adminInfo(f)
        _ = try await f.services.mappings.createRole(name: "Analyst", info: admin)
        _ = try await f.services.mappings.addMapping(kind: .role, group: "Sales", target: "Analyst", info: admin)
        _ = try await f.services.mappings.addMapping(kind: .role, group: "Sales", target: "Ghost", info: admin)
    }

    /// The number in the text line that starts with `label` (after the indent), column `column`.
    static func number(_ text: String, _ label: String, column: Int = 0) -> Int? {
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix(label + " ") else { continue }
            let numbers = trimmed.dropFirst(label.count).split(separator: " ").compactMap { Int($0.replacingOccurrences(of: ",", with: "")) }
            return column < numbers.count ? numbers[column] : nil
        }
        return nil
    }

    @Test("text, JSON and HTML show the same numbers; --json is --format json")
    func formatsAgree() async throws {
        try await CLIFixture.run { f in
            try await Self.populate(f)
            let json = try await f.scimctl("report", "--format", "json")
            #expect(json.status == 0, "\(json)")
            let report = try #require(json.jsonLines.first)
            #expect(try await f.scimctl("report", "--json").jsonLines.first?["users"] == report["users"])
            let users = try #require(report["users"])
            #expect(users["created"]?.intValue == 3 && users["deleted"]?.intValue == 1)
            #expect(users["deactivated"]?.intValue == 2 && users["reactivated"]?.intValue == 1)
            #expect(report["refusals"]?["total"]?.intValue == 1)
            #expect(report["openMappingErrors"]?.arrayValue?.first?["users"]?.intValue == 2)

            let text = try await f.scimctl("report")
            #expect(text.status == 0, "\(text)")
            #expect(text.stdout.hasPrefix("Sync report for tenant 'default'"))
            for (label, key) in [("created", "created"), ("updated", "updated"), ("deactivated", "deactivated"), ("reactivated", "reactivated"), ("deleted", "deleted")] {
                #expect(Self.number(text.stdout, label) == users[key]?.intValue, "\(label)")
            }
            #expect(Self.number(text.stdout, "created", column: 1) == report["groups"]?["created"]?.intValue)
            let assignments = try #require(report["assignments"])
            #expect(Self.number(text.stdout, "roles assigned") == assignments["rolesAssigned"]?.intValue)
            #expect(Self.number(text.stdout, "users affected") == assignments["users"]?.intValue)
            #expect(text.stdout.contains("role 'Ghost' from group 'Sales': role_missing, 2 users"))
            #expect(text.stdout.contains("Remedy: Create the role again"))
            #expect(Self.number(text.stdout, "idp") == report["clients"]?.arrayValue?.first?["requests"]?.intValue)

            let html = try await f.scimctl("report", "--format", "html")
            #expect(html.status == 0 && html.stdout.hasPrefix("<!DOCTYPE html>"))
            #expect(!html.stdout.lowercased().contains("<script") && !html.stdout.contains("https://"))
            for key in ["created", "updated", "deleted"] {
                #expect(html.stdout.contains(">\(users[key]?.intValue ?? -1)</td>"), "\(key)")
            }
            #expect(try await f.scimctl("report", "--json", "--format", "html").status == 2)
        }
    }

    @Test("--since and --until bound the period; --tenant names the tenant")
    func periodAndTenant() async throws {
        try await CLIFixture.run { f in
            try await f.user("early@example.com")
            try await Task.sleep(for: .milliseconds(5))
            let middle = SCIMDateTime.format(milliseconds: ProvisioningClock.system.nowMs())
            try await Task.sleep(for: .milliseconds(5))
            try await f.user("late@example.com")
            func created(_ arguments: String...) async throws -> Int? {
                let result = try await CLIFixture.execute(f.globalArguments + ["report", "--json"] + arguments)
                #expect(result.status == 0, "\(result)")
                return result.jsonLines.first?["users"]?["created"]?.intValue
            }
            #expect(try await created() == 2)
            #expect(try await created("--until", middle) == 1)
            #expect(try await created("--since", middle) == 1)
            #expect(try await created("--since", "2000-01-01", "--until", "2000-01-02") == 0)

            _ = try await f.services.tenants.createTenant(name: "other")
            let other = try await f.scimctl("report", "--json", "--tenant", "other")
            #expect(other.jsonLines.first?["tenant"] == "other" && other.jsonLines.first?["users"]?["created"]?.intValue == 0)
            let missing = try await f.scimctl("report", "--tenant", "nope")
            #expect(missing.status == 1 && missing.stderr.contains("nope") && missing.stdout.isEmpty)
            #expect(missing.stderr.hasPrefix("scimctl: ") && !missing.stderr.trimmingCharacters(in: .newlines).contains("\n"))
        }
    }

    @Test("help names the period's forms, the formats and the tenant")
    func help() async throws {
        let result = try await CLIFixture.execute(["report", "--help"])
        #expect(result.status == 0, "\(result)")
        for words in ["--since", "--until", "--tenant", "--format", "text, json or html", "24h", "[--since, --until)", "excluded"] {
            #expect(result.stdout.contains(words), "\(words)")
        }
    }

    @Test("a bad --since or --until exits 2 with one sentence naming it", arguments: [
        ["--since", "yesterday"], ["--until", "soon"], ["--since", "1h", "--until", "2h"], ["--format", "pdf"],
    ])
    func badPeriod(_ arguments: [String]) async throws {
        try await CLIFixture.run { f in
            let result = try await CLIFixture.execute(f.globalArguments + ["report"] + arguments)
            #expect(result.status == 2, "\(result)")
            #expect(result.stdout.isEmpty)
            let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(first.contains(arguments[0].hasPrefix("--since") && arguments.count == 4 ? "since must be before until" : arguments[1]), "\(first)")
        }
    }
}

extension CLIFixture {
    /// The operator's request context, as scimctl builds it.
    static func adminInfo(_ f: CLIFixture) async throws -> RequestInfo {
        var info = f.info
        info.client = "scimctl"
        return info
    }
}
