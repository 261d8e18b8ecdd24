import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresTestSupport
import SCIM
import Testing

/// `scimctl migrate`: a SQLite deployment copied into PostgreSQL serves the same tenant,
/// token, users, groups and sync log from there, and new rows continue the copied sequences.
@Suite("scimctl migrate: SQLite into PostgreSQL", .enabled(if: PostgresTestDatabase.isAvailable))
struct MigrateToPostgresTests {
    @Test("users, a group with members and the sync log move over; the old token works; a new user gets a fresh seq; a second migrate is refused")
    func migrateAndServe() async throws {
        let sqlite = try await ScimdProcess.start([])
        defer { sqlite.stop() }
        var ids: [String] = []
        for n in 0..<30 {
            let created = try await TwoInstanceTests.send(sqlite, .post, "Users", body: TwoInstanceTests.user("moved\(n)@example.com"))
            ids.append(try #require(created.json?["id"]?.stringValue))
        }
        let members = ids.prefix(10).map { "{\"value\":\"\($0)\"}" }.joined(separator: ",")
        let group = try await TwoInstanceTests.send(
            sqlite, .post, "Groups",
            body: "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Movers\",\"members\":[\(members)]}")
        let groupID = try #require(group.json?["id"]?.stringValue)
        #expect(try await ScimctlRun.run(database: sqlite.databasePath, ["roles", "create", "Mover"]).status == 0)
        // An administrator signed in to the console stays signed in across the move.
        let adminToken = try await ScimctlRun.run(
            database: sqlite.databasePath, ["tokens", "create", "--kind", "admin", "--name", "it-admin", "--json"])
        let consoleCookie = try await Self.consoleSignIn(sqlite, token: try #require(adminToken.jsonLines.first?["token"]?.stringValue))
        #expect(try await Self.consolePage(sqlite, "/console/log", cookie: consoleCookie).status == 200)
        // scimd stops before the copy (the guide's order), so nothing is written meanwhile.
        sqlite.signal(SIGTERM)
        _ = try await sqlite.waitForExit(within: .seconds(10))
        let log = try await ScimctlRun.run(database: sqlite.databasePath, ["log", "--limit", "100000", "--json"])
        #expect(log.status == 0, "\(log)")

        let url = try await PostgresTestDatabase.create()
        let database = try #require(PostgresTestDatabase.name(of: url))
        defer { Task { await PostgresTestDatabase.drop(database: database) } }
        let migrated = try await ScimctlRun.run(database: sqlite.databasePath, ["migrate", "--from", sqlite.databasePath, "--to", url, "--json"])
        #expect(migrated.status == 0, "\(migrated)")
        let result = try #require(migrated.jsonLines.first, "\(migrated)")
        let tables = result["tables"]?.arrayValue ?? []
        #expect(tables.count >= 20, "\(migrated.stdout)")
        for table in tables {
            #expect(table["source"] == table["target"], "\(table)")
        }
        #expect(tables.first { $0["table"]?.stringValue == "resources" }?["source"] == .integer(31))
        #expect(!migrated.stdout.contains("password"), "no secret printed")

        let postgres = try await ScimdProcess.start([], database: url, token: sqlite.token)
        defer { postgres.stop() }
        let users = try await TwoInstanceTests.send(postgres, .get, "Users?count=0")
        #expect(users.status == 200 && users.json?["totalResults"] == .integer(30), "the SQLite token works and every user is there")
        let movers = try await TwoInstanceTests.send(postgres, .get, "Groups/\(groupID)")
        #expect(Set((movers.json?["members"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }) == Set(ids.prefix(10)))
        let created = try await TwoInstanceTests.send(postgres, .post, "Users", body: TwoInstanceTests.user("after@example.com"))
        #expect(created.status == 201, "a new row continues the copied sequences: \(created)")
        let movedLog = try await ScimctlRun.run(database: url, ["log", "--limit", "100000", "--json"])
        #expect(movedLog.jsonLines.count == log.jsonLines.count + 1, "the sync log moved whole, and the new create is logged after it")
        let roles = try await ScimctlRun.run(database: url, ["roles", "list", "--json"])
        #expect(roles.stdout.contains("Mover"), "\(roles)")
        #expect(tables.first { $0["table"]?.stringValue == "console_sessions" }?["source"] == .integer(1))
        let consoleLog = try await Self.consolePage(postgres, "/console/log", cookie: consoleCookie)
        #expect(consoleLog.status == 200 && consoleLog.body.contains("console:it-admin"), "the console session moved too")

        let again = try await ScimctlRun.run(database: sqlite.databasePath, ["migrate", "--from", sqlite.databasePath, "--to", url])
        #expect(again.status == 1 && again.stderr.contains("empty"), "\(again)")
    }

    /// `GET path` on a process's console with a session cookie (or none).
    static func consolePage(
        _ process: ScimdProcess, _ path: String, cookie: String?, method: HTTPRequest.Method = .get, form: String? = nil
    ) async throws -> (status: Int, headers: HTTPFields, body: String) {
        try await TestClient.withClient(host: "127.0.0.1", port: process.port) { client in
            var headers: HTTPFields = [:]
            if let cookie { headers[.cookie] = cookie }
            if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
            let response = try await client.execute(
                TestClient.Request(path, method: method, authority: "127.0.0.1", headers: headers, body: form.map { ByteBuffer(string: $0) }))
            return (Int(response.status.code), response.headers, response.body.map { String(buffer: $0) } ?? "")
        }
    }

    /// Signs in to a process's console with an admin token, as a browser does; answers the
    /// session cookie (`name=value`).
    static func consoleSignIn(_ process: ScimdProcess, token: String) async throws -> String {
        let page = try await consolePage(process, "/console/signin", cookie: nil)
        let signInCookie = try #require(page.headers[values: .setCookie].first?.split(separator: ";").first.map(String.init))
        let csrf = try #require(ConsoleBrowser.hiddenCSRF(in: page.body))
        let signedIn = try await consolePage(
            process, "/console/signin", cookie: signInCookie, method: .post,
            form: "csrf=\(ConsoleBrowser.encode(csrf))&token=\(ConsoleBrowser.encode(token))")
        #expect(signedIn.status == 303)
        return try #require(
            signedIn.headers[values: .setCookie].first { $0.hasPrefix("scimd_console=") }?.split(separator: ";").first.map(String.init))
    }
}
