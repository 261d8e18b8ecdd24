import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Provisioning
import SCIM
import Store
import Testing
@testable import ScimdServer

/// Access tokens on /scim/v2 over real HTTP: what verification refuses, rotation of secrets
/// and keys, revocation, and a second scimd instance on the same database file.
@Suite("OAuth access tokens")
struct AccessTokenTests {
    static let publicURL = "http://scim.test/scim/v2"

    /// Another scimd process's service layer on the same file, with its own clock.
    static func secondInstance(_ services: ProvisioningServices, clock: ProvisioningClock = .system) async throws
        -> ProvisioningServices
    {
        let path = try #require(services.store as? SQLiteStore).path
        var logger = Logger(label: "scimd-test-2")
        logger.logLevel = .warning
        return try ProvisioningServices.openSQLite(
            databasePath: path, schemaDirectory: TestServer.schemaDirectory, clock: clock, logger: logger)
    }

    @Test("expired, tampered, unknown-kid, other-deployment and other-tenant tokens get 401")
    func refusedTokens() async throws {
        try await TestServer.run(configure: { $0.publicURL = Self.publicURL }) { scim in
            let issued = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            let good = try await scim.accessToken(id: issued.client.id, secret: issued.secret)
            #expect(try await scim.usersStatus(token: good) == 200)
            let audience = Self.publicURL
            let request = TokenRequest(
                clientID: issued.client.id, clientSecret: issued.secret, grantType: "client_credentials", scope: nil,
                issuer: OAuthService.issuer(forAudience: audience), audience: audience)

            // Expired: issued by an instance whose clock is two hours behind (lifetime one hour).
            let behind = try await Self.secondInstance(
                scim.services, clock: ProvisioningClock { ProvisioningClock.system.nowMs() - 7_200_000 })
            let expired = try await behind.oauth.issueToken(request).accessToken
            #expect(try await scim.usersStatus(token: expired) == 401)

            // Tampered: the claims changed, the signature kept.
            let parts = good.split(separator: ".").map(String.init)
            var claims = ForgedToken.claims(of: good)
            claims["client_name"] = "someone-else"
            let body = ForgedToken.base64URL(try JSONSerialization.data(withJSONObject: claims))
            #expect(try await scim.usersStatus(token: "\(parts[0]).\(body).\(parts[2])") == 401)
            #expect(try await scim.usersStatus(token: "\(parts[0]).\(parts[1]).\(parts[2].dropLast(2))AA") == 401)
            #expect(try await scim.usersStatus(token: "\(parts[0]).\(parts[1]).") == 401)

            // Signed with the real key but naming another kid, or no kid, or alg none.
            let (kid, key) = try await ForgedToken.signingKey(scim.services)
            #expect(!kid.isEmpty)
            let original = ForgedToken.claims(of: good)
            let forgedGood = try ForgedToken.sign(header: ["alg": "HS256", "typ": "JWT", "kid": kid], claims: original, key: key)
            #expect(try await scim.usersStatus(token: forgedGood) == 200, "the forging helper must make a token scimd accepts")
            let wrongKid = try ForgedToken.sign(header: ["alg": "HS256", "kid": UUID().uuidString.lowercased()], claims: original, key: key)
            #expect(try await scim.usersStatus(token: wrongKid) == 401)
            let noKid = try ForgedToken.sign(header: ["alg": "HS256"], claims: original, key: key)
            #expect(try await scim.usersStatus(token: noKid) == 401)
            let none = ForgedToken.base64URL(Data("{\"alg\":\"none\",\"kid\":\"\(kid)\"}".utf8)) + ".\(parts[1])."
            #expect(try await scim.usersStatus(token: none) == 401)

            // Another deployment (its own database and keys) minting for the same URL.
            try await TestServer.run(configure: { $0.publicURL = Self.publicURL }) { other in
                let stranger = try await other.services.oauth.createClient(tenantName: "default", name: "entra")
                let foreign = try await other.services.oauth.issueToken(
                    TokenRequest(
                        clientID: stranger.client.id, clientSecret: stranger.secret, grantType: "client_credentials", scope: nil,
                        issuer: OAuthService.issuer(forAudience: audience), audience: audience)
                ).accessToken
                #expect(try await other.usersStatus(token: foreign) == 200)
                #expect(try await scim.usersStatus(token: foreign) == 401)
            }

            // Another tenant: a token naming tenant acme for a client of default, signed with the
            // real key, and a real acme token that still only sees acme.
            _ = try await scim.token(forNewTenant: "acme")
            var otherTenant = original
            otherTenant["tenant"] = "acme"
            let crossTenant = try ForgedToken.sign(header: ["alg": "HS256", "kid": kid], claims: otherTenant, key: key)
            #expect(try await scim.usersStatus(token: crossTenant) == 401)
            var missingTenant = original
            missingTenant["tenant"] = "nowhere"
            #expect(try await scim.usersStatus(token: try ForgedToken.sign(header: ["alg": "HS256", "kid": kid], claims: missingTenant, key: key)) == 401)
            var unknownClient = original
            unknownClient["sub"] = UUID().uuidString.lowercased()
            #expect(try await scim.usersStatus(token: try ForgedToken.sign(header: ["alg": "HS256", "kid": kid], claims: unknownClient, key: key)) == 401)

            // Wrong audience or issuer: a token for another SCIM root.
            var elsewhere = original
            elsewhere["aud"] = "http://elsewhere.test/scim/v2"
            #expect(try await scim.usersStatus(token: try ForgedToken.sign(header: ["alg": "HS256", "kid": kid], claims: elsewhere, key: key)) == 401)
            var issuer = original
            issuer["iss"] = "http://elsewhere.test"
            #expect(try await scim.usersStatus(token: try ForgedToken.sign(header: ["alg": "HS256", "kid": kid], claims: issuer, key: key)) == 401)

            let acme = try await scim.services.oauth.createClient(tenantName: "acme", name: "entra")
            let acmeToken = try await scim.accessToken(id: acme.client.id, secret: acme.secret)
            #expect(try await scim.createUser("only.default@example.com").status == 201)
            let seen = try await scim.request(.get, "Users", token: acmeToken)
            #expect(seen.status == 200 && seen.totalResults == 0)
            // An OAuth token is not an admin token.
            #expect(try await scim.request(.get, "/admin/v1/tenants", token: acmeToken).status == 401)
        }
    }

    @Test("after a rotation both secrets work until the old one is retired")
    func secretRotation() async throws {
        try await TestServer.run { scim in
            let first = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            let second = try await scim.services.oauth.rotateSecret(id: first.client.id)
            #expect(second.client.id == first.client.id && second.secret != first.secret)
            for secret in [first.secret, second.secret] {
                let token = try await scim.accessToken(id: first.client.id, secret: secret)
                #expect(try await scim.usersStatus(token: token) == 200)
            }
            let tokenFromOld = try await scim.accessToken(id: first.client.id, secret: first.secret)
            let retired = try await scim.services.oauth.retireSecrets(id: first.client.id, selection: .allButNewest)
            #expect(retired.retired == 1)
            let old = try await scim.tokenRequest("grant_type=client_credentials", basic: (first.client.id, first.secret))
            #expect(old.status == 401 && old["error"]?.stringValue == "invalid_client")
            #expect(try await scim.usersStatus(token: try await scim.accessToken(id: first.client.id, secret: second.secret)) == 200)
            // Tokens already issued from the retired secret live out their lifetime.
            #expect(try await scim.usersStatus(token: tokenFromOld) == 200)
            // The newest secret is never retired by --all-but-newest.
            let again = try await scim.services.oauth.retireSecrets(id: first.client.id, selection: .allButNewest)
            #expect(again.retired == 0)
        }
    }

    @Test("a revoked client gets invalid_client, and its tokens stop at once in this process")
    func revocation() async throws {
        try await TestServer.run { scim in
            let issued = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            let token = try await scim.accessToken(id: issued.client.id, secret: issued.secret)
            #expect(try await scim.usersStatus(token: token) == 200)
            _ = try await scim.services.oauth.revokeClient(id: String(issued.client.id.prefix(8)))
            let refused = try await scim.tokenRequest("grant_type=client_credentials", basic: (issued.client.id, issued.secret))
            #expect(refused.status == 401 && refused["error"]?.stringValue == "invalid_client")
            #expect(try await scim.usersStatus(token: token) == 401)
        }
    }

    @Test("a second instance on the same database verifies tokens the first issued, across a key rotation")
    func secondInstance() async throws {
        try await TestServer.run(configure: { $0.publicURL = Self.publicURL }) { scim in
            let issued = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            let token = try await scim.accessToken(id: issued.client.id, secret: issued.secret)
            let services = try await Self.secondInstance(scim.services)
            var configuration = ServerConfiguration()
            configuration.port = 0
            configuration.publicURL = Self.publicURL
            configuration.schemaDirectory = TestServer.schemaDirectory
            var logger = Logger(label: "scimd-test-2")
            logger.logLevel = .warning
            let app = buildApplication(configuration: configuration, services: services, logger: logger)
            try await app.test(.live) { client in
                let second = SCIMTestClient(client: client, token: scim.token, services: services, scope: scim.scope)
                #expect(try await second.usersStatus(token: token) == 200)
                #expect(try await second.createUser("second.instance@example.com", token: token).status == 201)

                // The second instance rotates the key; the first instance's old token still works
                // on both, and a token signed with the new key works on the first instance too.
                let oldKid = ForgedToken.header(of: token)["kid"] as? String
                let rotated = try await services.oauth.rotateSigningKey()
                #expect(rotated.kid != oldKid)
                let newToken = try await second.accessToken(id: issued.client.id, secret: issued.secret)
                #expect(ForgedToken.header(of: newToken)["kid"] as? String == rotated.kid)
                try await Task.sleep(for: .milliseconds(1_100))
                #expect(try await scim.usersStatus(token: newToken) == 200)
                #expect(try await scim.usersStatus(token: token) == 200)
                #expect(try await second.usersStatus(token: token) == 200)
            }
        }
    }
}
