import ChildProcess
import Foundation
import Provisioning
import SCIM
import Testing

/// `scimctl notify` through the real binary: the id on the last line, `show --json` without the
/// secret, `set`, `test`, `status`, `remove`; bad input is one sentence on stderr and exit 1.
@Suite("scimctl notify")
struct NotifyCommandTests {
    static let secret = "0123456789abcdef-cli"

    @Test("add-webhook prints the id last; show, set, test, status and remove work on it")
    func lifecycle() async throws {
        try await CLIFixture.run { f in
            let added = try await f.scimctl(
                "notify", "add-webhook", "https://hooks.example.com/x", "--secret", Self.secret, "--events", "user.created,user.deleted",
                "--frequency", "errors-only", "--error-window", "2s")
            #expect(added.status == 0, "\(added)")
            let id = try #require(added.lines.last)
            #expect(UUID(uuidString: id) != nil, "\(added)")

            let shown = try await f.scimctl("notify", "show", "--json")
            #expect(shown.jsonLines.count == 1 && shown.jsonLines[0]["id"]?.stringValue == id, "\(shown)")
            #expect(shown.jsonLines[0]["events"] == ["user.created", "user.deleted"] && shown.jsonLines[0]["errorWindow"] == "2s")
            #expect(!shown.stdout.contains(Self.secret))
            let table = try await f.scimctl("notify", "show")
            #expect(table.lines.count == 2 && table.lines[1].contains("errors-only"), "\(table)")

            let set = try await f.scimctl("notify", "set", id, "--events", "all", "--report-hour", "7", "--time-zone", "Europe/Berlin")
            #expect(set.status == 0, "\(set)")
            let after = try await f.scimctl("notify", "show", "--json")
            #expect(after.jsonLines[0]["events"] == [] && after.jsonLines[0]["reportHour"] == .integer(7), "\(after)")
            #expect(after.jsonLines[0]["frequency"] == "errors-only")

            let test = try await f.scimctl("notify", "test", id)
            #expect(test.status == 0 && test.stdout.contains("Queued test delivery"), "\(test)")
            let status = try await f.scimctl("notify", "status")
            #expect(status.stdout.contains("pending 1, delivered 0, failed 0"), "\(status)")

            #expect(try await f.scimctl("notify", "remove", id).status == 0)
            let again = try await f.scimctl("notify", "remove", id)
            #expect(again.status == 1 && again.stderr.split(separator: "\n").count == 1 && again.stderr.contains(id), "\(again)")
        }
    }

    @Test("bad settings exit 1 with one sentence naming the setting, and store nothing", arguments: [
        (["ftp://x.example.com/", "--secret", secret], "URL"),
        (["https://x.example.com/", "--secret", "short"], "secret"),
        (["https://x.example.com/", "--secret", secret, "--events", "user.exploded"], "user.exploded"),
        (["https://x.example.com/", "--secret", secret, "--frequency", "hourly"], "frequency"),
        (["https://x.example.com/", "--secret", secret, "--time-zone", "Mars/Base"], "time zone"),
        (["https://x.example.com/", "--secret", secret, "--error-window", "0s"], "error window"),
    ])
    func badSettings(_ options: [String], _ named: String) async throws {
        try await CLIFixture.run { f in
            let result = try await CLIFixture.execute(f.globalArguments + ["notify", "add-webhook"] + options)
            #expect(result.status == 1 && result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(named), "\(result)")
            #expect(try await f.scimctl("notify", "show", "--json").lines.isEmpty)
        }
    }
}
