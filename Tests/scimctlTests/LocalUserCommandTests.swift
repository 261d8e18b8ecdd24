import Foundation
import Provisioning
import SCIM
import Store
import Testing

/// Requirements §9 with the real scimctl binary: `users create/update/deactivate/activate/delete`
/// manage local users and log each change as "scimctl"; users from the identity provider are
/// refused with exit 1 and one sentence; `users list` and `users show` say who manages a user.
@Suite("scimctl users: local users and the source of truth")
struct LocalUserCommandTests {
    static let scimd = "urn:scimd:params:scim:schemas:extension:2.0:User"

    /// Runs scimctl and requires exit 0.
    @discardableResult
    static func ok(_ f: CLIFixture, _ arguments: String...) async throws -> CLIResult {
        let result = try await CLIFixture.execute(f.globalArguments + arguments)
        #expect(result.status == 0, "scimctl \(arguments.joined(separator: " ")): \(result)")
        return result
    }

    /// Sync-log entries of the default tenant, oldest first, without the fixture's set-up.
    static func entries(_ f: CLIFixture, status: SyncStatus? = nil) async throws -> [SyncLogEntry] {
        let query = SyncLogQuery(tenantID: f.info.tenant.id, statuses: status.map { [$0] } ?? [], limit: 10_000)
        return try await f.services.syncLog.entries(query).reversed().filter { $0.client != "test-setup" }
    }

    @Test("a local user's life: create, list with its source, show, update, deactivate, activate, delete — each logged")
    func lifecycle() async throws {
        try await CLIFixture.run { f in
            try await f.user("ann@example.com")
            let created = try await Self.ok(
                f, "users", "create", "carol@example.com", "--given-name", "Carol", "--family-name", "Jones", "--email",
                "carol@example.com", "--external-id", "carol-ext", "--json")
            let carol = try #require(created.jsonLines.first)
            let id = try #require(carol["id"]?.stringValue)
            #expect(carol["name"]?["givenName"] == "Carol" && carol["emails"]?.arrayValue?.first?["value"] == "carol@example.com")
            #expect(carol[Self.scimd]?["source"] == "local")

            let table = try await Self.ok(f, "users", "list").lines
            let header = try #require(table.first)
            #expect(header.contains("STATE") && header.contains("SOURCE"))
            #expect(table.contains { $0.contains("carol@example.com") && $0.contains("local") })
            #expect(table.contains { $0.contains("ann@example.com") && $0.contains("scim") })
            #expect(try await Self.ok(f, "users", "show", "carol-ext").stdout.contains("Source:          local (managed in scimd)"))
            #expect(try await Self.ok(f, "users", "show", "ann@example.com").stdout.contains("Source:          scim"))

            let updated = try await Self.ok(f, "users", "update", "carol@example.com", "--display-name", "Carol J", "--family-name", "Jones-Smith")
            #expect(updated.stdout == "Updated local user 'carol@example.com' (id \(id), active)\n")
            let deactivated = try await Self.ok(f, "users", "deactivate", "carol@example.com")
            #expect(deactivated.stdout.contains("Deactivated local user 'carol@example.com'") && deactivated.stdout.contains("inactive"))
            try await Self.ok(f, "users", "activate", id)
            let user = try #require(try await f.services.resources.find(.user, key: id, info: f.info))
            #expect(user.object["displayName"] == "Carol J" && user.object["name"]?["familyName"] == "Jones-Smith")
            #expect(user.object["active"] == true)
            #expect(try await Self.ok(f, "users", "delete", "carol@example.com").stdout == "Deleted local user 'carol@example.com'\n")
            #expect(try await f.services.resources.find(.user, key: id, info: f.info) == nil)

            let local = try await Self.entries(f).filter { $0.operation.hasPrefix("local-") }
            #expect(local.map(\.operation) == ["local-create", "local-update", "local-deactivate", "local-activate", "local-delete"])
            #expect(local.allSatisfy { $0.client == "scimctl" && $0.status == .success && $0.resourceName == "carol@example.com" })
            let changes = local[1].changes?.arrayValue ?? []
            #expect(changes.contains(["attribute": "displayName", "old": nil, "new": "Carol J"]))
            #expect(changes.contains { $0["attribute"] == "name" && $0["new"]?["familyName"] == "Jones-Smith" })
        }
    }

    @Test(
        "a change to a user from the identity provider exits 1 with one sentence; nothing changes; the refusal is logged",
        arguments: [["update", "--display-name", "Ann B"], ["deactivate"], ["activate"], ["delete"]])
    func syncedUserRefused(_ change: [String]) async throws {
        try await CLIFixture.run { f in
            let ann = try await f.user("ann@example.com", externalId: "ann-ext")
            let before = try #require(try await f.services.resources.find(.user, key: ann, info: f.info))
            let result = try await CLIFixture.execute(f.globalArguments + ["users", change[0], "ann-ext"] + change.dropFirst())
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.isEmpty)
            let message = result.stderr.trimmingCharacters(in: .newlines)
            #expect(!message.contains("\n"))
            #expect(message.hasPrefix("scimctl: User 'ann@example.com' is managed by the identity provider (source: scim); "), "\(message)")
            #expect(message.hasSuffix("in Entra ID or your identity provider, not in scimd."), "\(message)")
            if change[0] == "update" { #expect(message.contains("change its displayName in Entra ID")) }
            let after = try #require(try await f.services.resources.find(.user, key: ann, info: f.info))
            #expect(after.etag == before.etag && after.object == before.object)
            let failure = try #require(try await Self.entries(f, status: .failure).first)
            #expect(failure.operation == "local-\(change[0])" && failure.client == "scimctl" && failure.resourceID == ann)
        }
    }

    @Test("under the default scope rules `users create` without --email exits 1 naming the email and the option")
    func requiredEmail() async throws {
        try await CLIFixture.run(scope: .defaults) { f in
            let result = try await CLIFixture.execute(
                f.globalArguments + ["users", "create", "dave@example.com", "--given-name", "Dave", "--family-name", "Doe"])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains(#"emails[type eq "work"].value"#) && result.stderr.contains("--email"), "\(result)")
            #expect(try await f.services.resources.find(.user, key: "dave@example.com", info: f.info) == nil)
            try await Self.ok(
                f, "users", "create", "dave@example.com", "--given-name", "Dave", "--family-name", "Doe", "--email", "dave@example.com")
        }
    }

    @Test("a duplicate userName and an unknown user exit 1; update without options exits 2")
    func failures() async throws {
        try await CLIFixture.run { f in
            try await f.user("ann@example.com")
            let duplicate = try await CLIFixture.execute(f.globalArguments + ["users", "create", "ANN@example.com"])
            #expect(duplicate.status == 1 && duplicate.stderr.contains("userName"), "\(duplicate)")
            for change in ["deactivate", "activate", "delete"] {
                let missing = try await CLIFixture.execute(f.globalArguments + ["users", change, "nobody"])
                #expect(missing.status == 1 && missing.stderr.contains("No user 'nobody'"), "\(missing)")
            }
            let nothing = try await CLIFixture.execute(f.globalArguments + ["users", "update", "ann@example.com"])
            #expect(nothing.status == 2 && nothing.stderr.contains("Nothing to change"), "\(nothing)")
        }
    }

    @Test("each users subcommand's help parses and describes it", arguments: ["list", "show", "create", "update", "deactivate", "activate", "delete"])
    func help(_ subcommand: String) async throws {
        let result = try await CLIFixture.execute(["users", subcommand, "--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("USAGE: scimctl users \(subcommand)") && result.stdout.contains("--tenant"), "\(result)")
    }
}
