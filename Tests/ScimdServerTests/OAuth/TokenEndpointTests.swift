import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing

/// POST /oauth/token over real HTTP: RFC 6749 §4.4 client credentials, §2.3.1 client
/// authentication, §5.1 responses and every §5.2 error.
@Suite("OAuth token endpoint")
struct TokenEndpointTests {
    @Test("client_secret_basic gets a Bearer token that works on /scim/v2 and is logged as the client")
    func basicSuccess() async throws {
        try await TestServer.run { scim in
            let issued = try await scim.services.oauth.createClient(tenantName: "default", name: "entra-prod")
            let response = try await scim.tokenRequest("grant_type=client_credentials", basic: (issued.client.id, issued.secret))
            #expect(response.status == 200, "\(response.raw)")
            #expect(response["token_type"]?.stringValue == "Bearer")
            #expect(response["expires_in"] == .integer(3600))
            #expect(response["scope"]?.stringValue == "scim")
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let token = try #require(response["access_token"]?.stringValue)
            #expect(token.split(separator: ".").count == 3)
            let claims = ForgedToken.claims(of: token)
            #expect(claims["sub"] as? String == issued.client.id)
            #expect(claims["tenant"] as? String == "default")
            #expect(claims["client_name"] as? String == "entra-prod")
            #expect(claims["jti"] is String)
            #expect(ForgedToken.header(of: token)["kid"] is String)
            let audience = try await scim.audience()
            #expect(claims["aud"] as? String == audience || (claims["aud"] as? [String]) == [audience])

            let created = try await scim.createUser("oauth.user@example.com", token: token)
            #expect(created.status == 201, "\(created.raw)")
            let tenant = try await scim.services.tenants.tenant(named: "default")
            let entries = try await scim.services.syncLog.entries(SyncLogQuery(tenantID: tenant.id, limit: 10))
            #expect(entries.contains { $0.operation == "create" && $0.client == "entra-prod" })
            // The static token keeps working beside OAuth.
            #expect(try await scim.usersStatus(token: scim.token) == 200)
        }
    }

    @Test("client_secret_post with scope=scim, and a per-client lifetime")
    func postSuccess() async throws {
        try await TestServer.run { scim in
            let issued = try await scim.services.oauth.createClient(tenantName: "default", name: "okta", tokenLifetimeSeconds: 7200)
            let form = "grant_type=client_credentials&scope=scim&client_id=\(issued.client.id)&client_secret=\(issued.secret)"
            let response = try await scim.tokenRequest(form)
            #expect(response.status == 200, "\(response.raw)")
            #expect(response["expires_in"] == .integer(7200))
            let token = try #require(response["access_token"]?.stringValue)
            let claims = ForgedToken.claims(of: token)
            let lifetime = (claims["exp"] as? Double ?? 0) - (claims["iat"] as? Double ?? 0)
            #expect(abs(lifetime - 7200) < 2)
            #expect(try await scim.usersStatus(token: token) == 200)
        }
    }

    /// One malformed or refused request and the §5.2 answer it must get.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let label: String
        let form: String
        /// Send the client's real credentials by Basic (else they are in `form` or absent).
        let basic: Bool
        let contentType: String
        let status: Int
        let error: String
        var testDescription: String { label }

        init(_ label: String, form: String, basic: Bool = true, contentType: String = SCIMTestClient.formType, status: Int = 400, error: String) {
            self.label = label
            self.form = form
            self.basic = basic
            self.contentType = contentType
            self.status = status
            self.error = error
        }
    }

    static let refusals: [Refusal] = [
        Refusal("no grant_type", form: "scope=scim", error: "invalid_request"),
        Refusal("JSON instead of a form", form: "{\"grant_type\":\"client_credentials\"}", contentType: "application/json", error: "invalid_request"),
        Refusal("repeated parameter", form: "grant_type=client_credentials&grant_type=client_credentials", error: "invalid_request"),
        Refusal("broken percent-encoding", form: "grant_type=client%ZZcredentials", error: "invalid_request"),
        Refusal("Basic and form credentials both", form: "grant_type=client_credentials&client_id=CLIENT&client_secret=SECRET", error: "invalid_request"),
        Refusal("no client authentication", form: "grant_type=client_credentials", basic: false, error: "invalid_client"),
        Refusal("wrong secret in the form", form: "grant_type=client_credentials&client_id=CLIENT&client_secret=scimdcs_wrong", basic: false, error: "invalid_client"),
        Refusal("unknown client in the form", form: "grant_type=client_credentials&client_id=nobody&client_secret=SECRET", basic: false, error: "invalid_client"),
        Refusal("password grant", form: "grant_type=password&username=a&password=b", error: "unauthorized_client"),
        Refusal("refresh_token grant", form: "grant_type=refresh_token&refresh_token=x", error: "unauthorized_client"),
        Refusal("unknown grant", form: "grant_type=urn:example:grant", error: "unsupported_grant_type"),
        Refusal("unknown scope", form: "grant_type=client_credentials&scope=admin", error: "invalid_scope"),
        Refusal("scim and another scope", form: "grant_type=client_credentials&scope=scim%20openid", error: "invalid_scope"),
    ]

    @Test("RFC 6749 §5.2 errors", arguments: refusals)
    func refusal(_ refusal: Refusal) async throws {
        try await TestServer.run { scim in
            let issued = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            let form = refusal.form.replacingOccurrences(of: "CLIENT", with: issued.client.id)
                .replacingOccurrences(of: "SECRET", with: issued.secret)
            var headers = HTTPFields()
            if refusal.basic {
                headers[.authorization] = "Basic " + Data("\(issued.client.id):\(issued.secret)".utf8).base64EncodedString()
            }
            let response = try await scim.request(
                .post, "/oauth/token", body: form, headers: headers, token: "", contentType: refusal.contentType)
            #expect(response.status == refusal.status, "\(response.raw)")
            #expect(response["error"]?.stringValue == refusal.error, "\(response.raw)")
            #expect(response["error_description"]?.stringValue?.isEmpty == false)
            #expect(response["access_token"] == nil)
            #expect(response.headers[.cacheControl] == "no-store")
            // RFC 6749 §5.2: a Basic challenge only for a client that authenticated by the header.
            #expect((response.headers[.wwwAuthenticate] != nil) == (refusal.status == 401))
        }
    }

    @Test("a wrong Basic secret is 401 invalid_client with WWW-Authenticate: Basic")
    func basicWrongSecret() async throws {
        try await TestServer.run { scim in
            let issued = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            for secret in ["scimdcs_nottheone", "", issued.secret + "x"] {
                let response = try await scim.tokenRequest("grant_type=client_credentials", basic: (issued.client.id, secret))
                #expect(response.status == 401)
                #expect(response["error"]?.stringValue == "invalid_client")
                #expect(response.headers[.wwwAuthenticate] == "Basic realm=\"scimd\"")
            }
            var headers = HTTPFields()
            headers[.authorization] = "Basic !!!notbase64"
            let garbled = try await scim.tokenRequest("grant_type=client_credentials", headers: headers)
            #expect(garbled.status == 401 && garbled["error"]?.stringValue == "invalid_client")
            headers[.authorization] = "Bearer \(scim.token)"
            let bearer = try await scim.tokenRequest("grant_type=client_credentials", headers: headers)
            #expect(bearer.status == 401 && bearer["error"]?.stringValue == "invalid_client")
        }
    }

    @Test("Basic credentials are form-encoded (RFC 6749 §2.3.1)")
    func basicFormEncoded() async throws {
        try await TestServer.run { scim in
            let issued = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            // The id percent-encoded: decoding it gives the same client.
            let id = issued.client.id.replacingOccurrences(of: "-", with: "%2D")
            let response = try await scim.tokenRequest("grant_type=client_credentials", basic: (id, issued.secret))
            #expect(response.status == 200, "\(response.raw)")
        }
    }

    @Test("RFC 8414 metadata and ServiceProviderConfig name the token endpoint")
    func discovery() async throws {
        try await TestServer.run(configure: { $0.publicURL = "https://scim.example.com/scim/v2" }) { scim in
            let metadata = try await scim.request(.get, "/.well-known/oauth-authorization-server", token: "")
            #expect(metadata.status == 200)
            #expect(metadata["issuer"]?.stringValue == "https://scim.example.com")
            #expect(metadata["token_endpoint"]?.stringValue == "https://scim.example.com/oauth/token")
            #expect(metadata["grant_types_supported"] == ["client_credentials"])
            #expect(metadata["token_endpoint_auth_methods_supported"] == ["client_secret_basic", "client_secret_post"])

            let config = try await scim.request(.get, "ServiceProviderConfig", token: "")
            let schemes = config["authenticationSchemes"]?.arrayValue ?? []
            #expect(schemes.count == 2)
            #expect(schemes.allSatisfy { $0["type"]?.stringValue == "oauthbearertoken" })
            #expect(schemes.first?["specUri"]?.stringValue == "https://scim.example.com/oauth/token")
            #expect(schemes.first?["documentationUri"]?.stringValue == "https://scim.example.com/oauth/token")
            #expect(schemes.first?["primary"] == .bool(true))
            #expect(!config.raw.contains("{tokenEndpoint}"))
        }
    }
}
