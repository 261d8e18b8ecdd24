import Foundation
import Provisioning
import SCIM
import Testing

/// The operator's side of running scimd: JSON log lines from the real binary, and
/// `scimctl backup` taken next to a running server.
@Suite("Operations through the real binaries", .serialized)
struct OperationsCommandTests {
    @Test("--log-format json: every line parses; one access line per request with route, status, tenant, client; no token")
    func jsonLogs() async throws {
        try await CLIFixture.run { f in
            let token = try await f.services.tokenAdministration.createToken(name: "idp-json").secret
            let server = try await RunningServer.start(
                database: f.databasePath, token: token, options: ["--log-format", "json", "--log-level", "info"])
            do {
                #expect(try await server.request("GET", "/Users?filter=userName%20eq%20%22x%22").status == 200)
                #expect(try await server.request("GET", "/Users/no-such-id").status == 404)
                try await Task.sleep(for: .milliseconds(300))
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
            let lines = server.printed.split(separator: "\n").map(String.init).filter { $0.hasPrefix("{") }
            #expect(!lines.isEmpty, "\(server.printed)")
            let objects = lines.compactMap { try? SCIMValue(parsing: $0) }
            #expect(objects.count == lines.count, "every JSON-looking line parses: \(lines)")
            let access = objects.filter { $0["message"] == "request" }
            let notFound = try #require(access.first { $0["metadata"]?["status"] == "404" }, "\(lines)")
            #expect(notFound["level"] == "info" && notFound["time"]?.stringValue?.hasSuffix("Z") == true)
            #expect(notFound["metadata"]?["method"] == "GET" && notFound["metadata"]?["route"]?.stringValue?.contains("scim/v2") == true)
            #expect(notFound["metadata"]?["tenant"] == "default" && notFound["metadata"]?["client"] == "idp-json", "\(notFound)")
            #expect(notFound["metadata"]?["correlation"]?.stringValue?.isEmpty == false)
            #expect(!server.printed.contains(token), "the bearer token never reaches the log")
            #expect(!server.printed.contains("filter=") && !server.printed.contains("userName eq"), "nor the query string")
        }
    }

    @Test("scimctl backup writes a consistent copy while scimd serves; the copy opens; an existing file is refused")
    func backup() async throws {
        try await CLIFixture.run { f in
            for i in 0..<50 { try await f.user("backup-\(i)@example.com") }
            let token = try await f.services.tokenAdministration.createToken(name: "idp-backup").secret
            let server = try await RunningServer.start(database: f.databasePath, token: token)
            let target = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-backup-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: target) }
            do {
                // Writes keep going while the copy is taken.
                let writer = Task {
                    for i in 0..<20 {
                        _ = try await server.request(
                            "POST", "/Users", json: ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string("during-\(i)")])
                    }
                }
                let result = try await f.scimctl("backup", target, "--json")
                #expect(result.status == 0, "\(result)")
                #expect(result.jsonLines.first?["bytes"]?.intValue ?? 0 > 0)
                try await writer.value
                let again = try await f.scimctl("backup", target)
                #expect(again.status == 1 && again.stderr.contains("exists") && again.stderr.split(separator: "\n").count == 1, "\(again)")
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
            let listed = try await CLIFixture.execute(["--database", target, "--schemas", CLIFixture.schemaDirectory, "users", "list", "--json"])
            #expect(listed.status == 0, "\(listed)")
            let names = Set(listed.jsonLines.compactMap { $0["userName"]?.stringValue })
            #expect((0..<50).allSatisfy { names.contains("backup-\($0)@example.com") }, "every user from before the backup is in it")
        }
    }
}
