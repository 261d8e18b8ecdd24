import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SCIM
import Testing

@testable import ScimdServer

/// Where `Location`, `meta.location` and `$ref` point: `--public-url` when set, otherwise the
/// listening address — never a host the client named in its `Host` header (RFC 9110 §7.2).
@Suite("Base URL: Location and meta.location ignore the Host header")
struct BaseURLTests {
    static let hostileHosts = ["evil.example.com", "evil.example.com:8080", "127.0.0.1.evil.example", "[::1]:1", "localhost"]

    /// Creates a user and a group holding it, and reads the discovery config, with `authority`
    /// as the Host header; returns every URL the server handed back.
    static func urls(port: Int, token: String, authority: String) async throws -> [String] {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(10)))
        client.connect()
        do {
            let urls = try await urls(client: client, token: token, authority: authority)
            try await client.shutdown()
            return urls
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func urls(client: TestClient, token: String, authority: String) async throws -> [String] {
        func send(_ method: HTTPRequest.Method, _ path: String, _ body: SCIMValue? = nil) async throws -> (HTTPFields, SCIMValue) {
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(token)"
            if body != nil { headers[.contentType] = "application/scim+json" }
            let response = try await client.execute(
                TestClient.Request(
                    "/scim/v2/\(path)", method: method, authority: authority, headers: headers,
                    body: body.map { ByteBuffer(bytes: $0.serialized()) }))
            return (response.headers, try SCIMValue(parsing: response.body.map { String(buffer: $0) } ?? ""))
        }
        let userName = "u\(UUID().uuidString.prefix(8))@example.com"
        let (userHeaders, user) = try await send(
            .post, "Users", ["schemas": [.string(SCIMTestClient.userSchema)], "userName": .string(userName)])
        let userID = try #require(user["id"]?.stringValue, "\(user)")
        let (groupHeaders, group) = try await send(
            .post, "Groups",
            [
                "schemas": [.string(SCIMTestClient.groupSchema)], "displayName": .string("g-\(userName)"),
                "members": [["value": .string(userID)]],
            ])
        let (_, config) = try await send(.get, "ServiceProviderConfig")
        return [
            userHeaders[.location], user["meta"]?["location"]?.stringValue, groupHeaders[.location],
            group["meta"]?["location"]?.stringValue, group["members"]?.arrayValue?.first?["$ref"]?.stringValue,
            config["meta"]?["location"]?.stringValue,
        ].map { $0 ?? "missing" }
    }

    @Test("without --public-url every location is the listening address, whatever Host says", arguments: hostileHosts)
    func listeningAddress(_ host: String) async throws {
        try await TestServer.run { scim in
            let port = try #require(scim.client.port)
            for url in try await Self.urls(port: port, token: scim.token, authority: host) {
                #expect(url.hasPrefix("http://127.0.0.1:\(port)/scim/v2/"), "Host \(host) gave \(url)")
            }
        }
    }

    @Test("listening on every interface, locations use the address the client connected to")
    func wildcardListener() async throws {
        try await TestServer.run(configure: { $0.host = "0.0.0.0" }) { scim in
            let port = try #require(scim.client.port)
            for url in try await Self.urls(port: port, token: scim.token, authority: "evil.example.com") {
                #expect(url.hasPrefix("http://127.0.0.1:\(port)/scim/v2/"), "\(url)")
            }
        }
    }

    @Test("with --public-url every location uses it, whatever Host says")
    func publicURL() async throws {
        try await TestServer.run(configure: { $0.publicURL = "https://scim.example.com/scim/v2" }) { scim in
            let port = try #require(scim.client.port)
            for url in try await Self.urls(port: port, token: scim.token, authority: "evil.example.com") {
                #expect(url.hasPrefix("https://scim.example.com/scim/v2/"), "\(url)")
            }
        }
    }

    @Test("an IPv6 listening address is written in brackets (RFC 3986 §3.2.2)")
    func ipv6Literal() throws {
        var configuration = ServerConfiguration()
        configuration.host = "::1"
        configuration.port = 9000
        #expect(configuration.scimBaseURL(localAddress: nil) == "http://[::1]:9000/scim/v2")
        let local = try SocketAddress(ipAddress: "::1", port: 9001)
        #expect(configuration.scimBaseURL(localAddress: local) == "http://[::1]:9001/scim/v2")
    }
}
