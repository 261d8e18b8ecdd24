import Foundation
import SCIM
import Store
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `scimctl clients` through the real binary, and the secrets it prints used against the real
/// scimd binary's token endpoint on the same database.
@Suite("scimctl clients")
struct ClientsCommandTests {
    /// POST /oauth/token on a running scimd with client_secret_post (so a refusal is 400, RFC 6749
    /// §5.2; Foundation's URLSession stalls on a 401 Basic challenge); the status and the JSON.
    static func token(_ server: RunningServer, id: String, secret: String) async throws -> (status: Int, body: SCIMValue?) {
        let root = String(server.baseURL.dropLast("/scim/v2".count))
        guard let url = URL(string: root + "/oauth/token") else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("grant_type=client_credentials&client_id=\(id)&client_secret=\(secret)".utf8)
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? -1, try? SCIMValue(parsing: String(decoding: data, as: UTF8.self)))
    }

    /// GET /scim/v2/Users with an access token.
    static func users(_ server: RunningServer, token: String) async throws -> Int {
        guard let url = URL(string: server.baseURL + "/Users") else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.timeoutInterval = 30
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? -1
    }

    @Test("create, list, rotate, retire, revoke and rotate-key; the printed secrets work at a running scimd")
    func lifecycle() async throws {
        try await CLIFixture.run { f in
            let created = try await f.scimctl("clients", "create", "--name", "entra-prod", "--json")
            #expect(created.status == 0, "\(created)")
            #expect(created.lines.count == 1, "--json prints one object and nothing else")
            let object = try #require(created.jsonLines.first)
            let id = try #require(object["client_id"]?.stringValue)
            let firstSecret = try #require(object["client_secret"]?.stringValue)
            #expect(object["tenant"]?.stringValue == "default" && object["token_lifetime"] == .integer(3600))

            let plain = try await f.scimctl("clients", "create", "--name", "okta", "--token-lifetime", "21600")
            #expect(plain.status == 0, "\(plain)")
            #expect(plain.lines.contains { $0.hasPrefix("client_id:") } && plain.lines.contains { $0.hasPrefix("client_secret: scimdcs_") })

            let token = try await f.services.tokenAdministration.createToken(name: "static").secret
            let server = try await RunningServer.start(database: f.databasePath, token: token)
            do {
                let first = try await Self.token(server, id: id, secret: firstSecret)
                #expect(first.status == 200, "\(String(describing: first.body))")
                let access = try #require(first.body?["access_token"]?.stringValue)
                #expect(try await Self.users(server, token: access) == 200)
                #expect(try await Self.users(server, token: token) == 200)

                let rotated = try await f.scimctl("clients", "rotate", String(id.prefix(8)), "--json")
                #expect(rotated.status == 0, "\(rotated)")
                let secondSecret = try #require(rotated.jsonLines.first?["client_secret"]?.stringValue)
                #expect(rotated.jsonLines.first?["client_id"]?.stringValue == id)
                #expect(try await Self.token(server, id: id, secret: firstSecret).status == 200)
                #expect(try await Self.token(server, id: id, secret: secondSecret).status == 200)

                let listed = try await f.scimctl("clients", "list", "--json")
                #expect(listed.status == 0)
                let entra = try #require(listed.jsonLines.first { $0["client_id"]?.stringValue == id })
                #expect(entra["secrets"]?.arrayValue?.count == 2)
                #expect(entra["lastToken"]?.stringValue != nil)
                let table = try await f.scimctl("clients", "list")
                #expect(table.stdout.contains("CLIENT ID") && table.stdout.contains("entra-prod") && table.stdout.contains("21600s"))
                #expect(!table.stdout.contains(firstSecret) && !listed.stdout.contains(secondSecret))

                let retired = try await f.scimctl("clients", "retire", id, "--all-but-newest")
                #expect(retired.status == 0, "\(retired)")
                #expect(retired.stdout.contains("1 active secret"))
                let old = try await Self.token(server, id: id, secret: firstSecret)
                #expect(old.status == 400 && old.body?["error"]?.stringValue == "invalid_client")
                #expect(try await Self.token(server, id: id, secret: secondSecret).status == 200)

                let keys = try await f.scimctl("clients", "keys", "--json")
                #expect(keys.status == 0 && keys.jsonLines.count == 1 && keys.jsonLines.first?["state"]?.stringValue == "signing")
                #expect(!keys.stdout.contains("material"))
                let newKey = try await f.scimctl("clients", "rotate-key")
                #expect(newKey.status == 0, "\(newKey)")
                #expect(try await Self.users(server, token: access) == 200, "tokens signed by a retired key live out their lifetime")

                let revoked = try await f.scimctl("clients", "revoke", id)
                #expect(revoked.status == 0, "\(revoked)")
                #expect(revoked.stdout.contains("within 5 seconds"))
                let refused = try await Self.token(server, id: id, secret: secondSecret)
                #expect(refused.status == 400 && refused.body?["error"]?.stringValue == "invalid_client")
                // Revoked in another process: the server's client cache lets it through for at most 5 s.
                var status = 200
                let deadline = ContinuousClock.now.advanced(by: .seconds(8))
                while status == 200, ContinuousClock.now < deadline {
                    status = try await Self.users(server, token: access)
                    if status == 200 { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(status == 401)
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }

    @Test("bad input: one sentence on stderr and exit 1 or 2")
    func badInput() async throws {
        try await CLIFixture.run { f in
            let lifetime = try await f.scimctl("clients", "create", "--name", "x", "--token-lifetime", "60")
            #expect(lifetime.status == 1 && lifetime.stderr.contains("3600 to 21600"), "\(lifetime)")
            let noName = try await f.scimctl("clients", "create", "--name", " ")
            #expect(noName.status == 1 && noName.stderr.contains("client name is required"))
            let unknown = try await f.scimctl("clients", "rotate", "nope")
            #expect(unknown.status == 1 && unknown.stderr.contains("No OAuth client with id 'nope'"))
            let neither = try await f.scimctl("clients", "retire", "nope")
            #expect(neither.status == 2 && neither.stderr.contains("exactly one of"), "\(neither)")
            let created = try await f.scimctl("clients", "create", "--name", "entra", "--json")
            let id = try #require(created.jsonLines.first?["client_id"]?.stringValue)
            let duplicate = try await f.scimctl("clients", "create", "--name", "ENTRA")
            #expect(duplicate.status == 1 && duplicate.stderr.contains("already has a client named"))
            let badDate = try await f.scimctl("clients", "retire", id, "--secret-before", "yesterday")
            #expect(badDate.status == 1 && badDate.stderr.contains("--secret-before must be"))
            let missingTenant = try await f.scimctl("clients", "create", "--name", "x", "--tenant", "nowhere")
            #expect(missingTenant.status == 1 && !missingTenant.stderr.isEmpty)
            #expect(try await f.scimctl("clients", "revoke", id).status == 0)
            let twice = try await f.scimctl("clients", "revoke", id)
            #expect(twice.status == 1 && twice.stderr.contains("already revoked"))
            let help = try await f.scimctl("clients", "--help")
            #expect(help.stdout.contains("rotate-key") && help.stdout.contains("retire"))
        }
    }
}
