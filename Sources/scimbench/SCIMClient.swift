import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// One HTTP answer: status and the decoded JSON body (nil when empty or not JSON).
struct SCIMAnswer: Sendable {
    let status: Int
    let body: SCIMBody?
}

/// A thin SCIM client over one keep-alive connection pool that talks only to `bases`: one
/// server, or several instances of one deployment, which get the requests in turn.
struct SCIMClient: Sendable {
    let bases: [String]
    private let turns = Turns()
    private let http: HTTPClient
    private let authorization: String

    init(bases: [String], token: String, connections: Int) {
        self.bases = bases.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.authorization = "Bearer \(token)"
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends one request to `base + path` (path starts with `/` and may hold a query) and reads the whole answer.
    func send(_ method: HTTPMethod, _ path: String, body: [String: Any]? = nil) async throws -> SCIMAnswer {
        var request = HTTPClientRequest(url: base() + path)
        request.method = method
        request.headers.add(name: "Authorization", value: authorization)
        request.headers.add(name: "Accept", value: "application/scim+json")
        if let body {
            let data = try JSONSerialization.data(withJSONObject: body)
            request.headers.add(name: "Content-Type", value: "application/scim+json")
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        let response = try await http.execute(request, timeout: .seconds(120))
        // Large groups render every member; allow big bodies but stay bounded.
        let buffer = try await response.body.collect(upTo: 512 * 1024 * 1024)
        var decoded: SCIMBody?
        if buffer.readableBytes > 0 {
            // JSONDecoder over the few keys the checks read: JSONSerialization cost as much CPU
            // per page as the server spent producing it.
            decoded = try? JSONDecoder().decode(SCIMBody.self, from: Data(buffer.readableBytesView))
        }
        return SCIMAnswer(status: Int(response.status.code), body: decoded)
    }

    /// The instance the next request goes to (round robin).
    private func base() -> String {
        if bases.count == 1 { return bases[0] }
        let turn = turns.counter.wrappingAdd(1, ordering: .relaxed).oldValue
        return bases[Int(UInt(bitPattern: turn) % UInt(bases.count))]
    }

    /// Percent-encodes a query parameter value.
    static func queryValue(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    func shutdown() async throws { try await http.shutdown() }
}

/// The round-robin counter a copied `SCIMClient` shares.
private final class Turns: Sendable {
    let counter = Atomic<Int>(0)
}
