import ChildProcess
import Foundation
import Provisioning
import SCIM
import Testing

/// `scimctl events` (requirements §8): the same feed as `GET /admin/v1/events`, one line or one
/// JSON object per event, `--follow` tailing it.
@Suite("scimctl events")
struct EventsCommandTests {
    @Test("lists the feed oldest first, one line per event; --json one object per line; --after and --type narrow it")
    func listing() async throws {
        try await CLIFixture.run { f in
            let ann = try await f.user("ann@example.com", externalId: "ann-1")
            try await f.group("Sales", members: [ann])
            let text = try await f.scimctl("events")
            #expect(text.status == 0, "\(text)")
            #expect(text.lines.count == 5, "\(text)")
            #expect(text.lines[0].contains("user.created") && text.lines[0].contains("ann@example.com"), "\(text)")
            #expect(text.lines[1].contains("user.provisioned"))
            #expect(text.lines[3].contains("group.user_added") && text.lines[3].contains("user 'ann@example.com', group 'Sales'"))
            #expect(text.lines[4] == "4 events shown; next cursor 4", "\(text)")

            let json = try await f.scimctl("events", "--json", "--limit", "2")
            #expect(json.status == 0 && json.jsonLines.count == 2, "\(json)")
            #expect(json.jsonLines[0]["type"] == "user.created" && json.jsonLines[0]["tenant"] == "default")
            #expect(json.jsonLines[0]["data"] == ["id": .string(ann), "externalId": "ann-1", "userName": "ann@example.com"])
            let cursor = try #require(json.jsonLines[1]["cursor"]?.stringValue)
            let rest = try await f.scimctl("events", "--json", "--after", cursor)
            #expect(rest.jsonLines.compactMap { $0["type"]?.stringValue } == ["group.created", "group.user_added"])
            let typed = try await f.scimctl("events", "--json", "--type", "user.provisioned,group.created")
            #expect(typed.jsonLines.compactMap { $0["type"]?.stringValue } == ["user.provisioned", "group.created"])
        }
    }

    @Test("a bad cursor, limit or type is a usage error: exit 2, one sentence on stderr, nothing on stdout", arguments: [
        ["--after", "abc"], ["--limit", "0"], ["--limit", "1001"], ["--type", "user.exploded"],
    ])
    func badOptions(_ options: [String]) async throws {
        try await CLIFixture.run { f in
            let result = try await CLIFixture.execute(f.globalArguments + ["events"] + options)
            #expect(result.status == 2, "\(result)")
            #expect(result.stdout.isEmpty)
            let named = ["--type": "'user.exploded'", "--after": "'after'", "--limit": "'limit'"][options[0]] ?? options[0]
            #expect(result.stderr.contains(named), "\(result)")
        }
    }

    @Test("an unknown tenant exits 1 with one line on stderr")
    func unknownTenant() async throws {
        try await CLIFixture.run { f in
            let result = try await f.scimctl("events", "--tenant", "nope")
            #expect(result.status == 1 && result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
        }
    }

    @Test("--follow prints an event written after it started within a couple of seconds, and only new ones")
    func follow() async throws {
        try await CLIFixture.run { f in
            try await f.user("old@example.com")
            let child = try ChildProcess.launch(CLIFixture.binary.path, arguments: f.globalArguments + ["events", "--follow", "--json"])
            defer { child.signal(SIGKILL) }
            let started = ContinuousClock.now
            while !child.standardError.contains("Following events"), ContinuousClock.now - started < .seconds(15) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(child.standardError.contains("Following events after cursor 2"), "\(child.standardError)")
            let written = ContinuousClock.now
            try await f.user("zed@example.com")
            let seen = await child.waitForOutput(seconds: 15) { $0.contains("zed@example.com") && $0.contains("user.provisioned") }
            let elapsed = ContinuousClock.now - written
            #expect(seen, "scimctl events --follow printed:\n\(child.standardOutput)")
            // It polls every 500 ms; a starved test machine gets some slack beyond the couple of seconds.
            #expect(elapsed < .seconds(5), "took \(elapsed)")
            #expect(!child.standardOutput.contains("old@example.com"))
            let lines = child.standardOutput.split(separator: "\n").compactMap { try? SCIMValue(parsing: String($0)) }
            #expect(lines.compactMap { $0["type"]?.stringValue } == ["user.created", "user.provisioned"])
            #expect(child.isRunning, "--follow keeps running")
        }
    }

    @Test("help names every option")
    func help() async throws {
        try await CLIFixture.run { f in
            let result = try await f.scimctl("events", "--help")
            #expect(result.status == 0)
            for option in ["--after", "--type", "--limit", "--follow", "--json", "--tenant"] {
                #expect(result.stdout.contains(option), "\(option) missing from:\n\(result.stdout)")
            }
        }
    }
}
