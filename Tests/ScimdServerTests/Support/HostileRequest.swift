import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SCIM

/// xorshift64*: a deterministic generator, so a failing barrage replays from its seed.
struct Xorshift: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0..<xs.count)] }
}

/// One malformed or hostile request and the answer it must get.
struct HostileRequest: Sendable {
    enum Expectation: Sendable, Equatable {
        /// A SCIM error with one of these statuses (all 4xx).
        case error(Set<Int>)
        /// A well-formed bulk request whose every operation fails: 200 with per-operation 4xx.
        case bulkAllFailed
        /// Odd but legal input (RFC 7644 §3.4.2.4 clamps paging values): anything but a 5xx,
        /// and a SCIM error body if it is refused.
        case notServerError
    }

    var category: String
    var method: HTTPRequest.Method
    /// Relative paths are under /scim/v2.
    var path: String
    var body: [UInt8]?
    var headers: HTTPFields = [:]
    /// Send no Authorization header at all (otherwise the tenant's bearer token unless `headers` has one).
    var omitAuthorization = false
    var expect: Expectation = .error([400])
    /// The scimType the error must carry, when the category implies one.
    var scimType: String?

    init(
        _ category: String, _ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil, headers: HTTPFields = [:],
        omitAuthorization: Bool = false, expect: Expectation = .error([400]), scimType: String? = nil
    ) {
        self.category = category
        self.method = method
        self.path = path
        self.body = body
        self.headers = headers
        self.omitAuthorization = omitAuthorization
        self.expect = expect
        self.scimType = scimType
    }

    init(
        _ category: String, _ method: HTTPRequest.Method, _ path: String, json: SCIMValue, headers: HTTPFields = [:],
        expect: Expectation = .error([400]), scimType: String? = nil
    ) {
        self.init(category, method, path, body: json.serialized(), headers: headers, expect: expect, scimType: scimType)
    }

    var uri: String { path.hasPrefix("/") ? path : "/scim/v2/\(path)" }

    /// A short description for failure messages, with the body abbreviated.
    var summary: String {
        var s = "[\(category)] \(method) \(uri.prefix(160))"
        if let body {
            let text = String(decoding: body.prefix(160), as: UTF8.self)
            s += " body(\(body.count)B): \(text)"
        }
        for field in headers { s += " \(field.name)=\(field.value.prefix(60))" }
        return s
    }
}

/// What came back for a hostile request.
struct HostileOutcome: Sendable {
    var status: Int
    var headers: HTTPFields
    var json: SCIMValue?
    var seconds: Double
}

/// Sends requests to the live test server on 127.0.0.1, each on its own connection so one
/// that the server closes (after a 413, say) cannot poison the next.
struct HostileSender: Sendable {
    let port: Int
    let token: String
    /// Longer than any request may take; the client gives up with `readTimeout` after this.
    static let timeout: Duration = .seconds(10)

    func send(_ request: HostileRequest) async throws -> HostileOutcome {
        var headers = request.headers
        if !request.omitAuthorization, headers[.authorization] == nil { headers[.authorization] = "Bearer \(token)" }
        if request.body != nil, headers[.contentType] == nil { headers[.contentType] = "application/scim+json" }
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: Self.timeout))
        client.connect()
        let start = ContinuousClock.now
        do {
            let response = try await client.execute(
                TestClient.Request(
                    request.uri, method: request.method, authority: "127.0.0.1:\(port)", headers: headers,
                    body: request.body.map { ByteBuffer(bytes: $0) }))
            let elapsed = ContinuousClock.now - start
            try? await client.shutdown()
            let text = response.body.map { String(buffer: $0) } ?? ""
            return HostileOutcome(
                status: Int(response.status.code), headers: response.headers,
                json: text.isEmpty ? nil : try? SCIMValue(parsing: text),
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Checks one outcome against its request's expectation; nil when it holds.
    static func problem(_ request: HostileRequest, _ outcome: HostileOutcome) -> String? {
        if outcome.seconds > 5 { return "took \(outcome.seconds)s" }
        switch request.expect {
        case .error(let statuses):
            guard statuses.contains(outcome.status) else { return "status \(outcome.status), expected \(statuses.sorted())" }
            if let problem = errorBodyProblem(outcome.json, status: outcome.status) { return problem }
            if let scimType = request.scimType, outcome.json?["scimType"]?.stringValue != scimType {
                return "scimType \(outcome.json?["scimType"]?.stringValue ?? "none"), expected \(scimType)"
            }
            // RFC 6750 §3: a 401 names the scheme it wants.
            if outcome.status == 401, outcome.headers[.wwwAuthenticate]?.hasPrefix("Bearer") != true {
                return "401 without WWW-Authenticate: Bearer"
            }
            return nil
        case .notServerError:
            guard outcome.status < 500 else { return "status \(outcome.status)" }
            return outcome.status >= 400 ? errorBodyProblem(outcome.json, status: outcome.status) : nil
        case .bulkAllFailed:
            guard outcome.status == 200 else { return "bulk status \(outcome.status), expected 200" }
            guard outcome.json?["schemas"] == .array([.string("urn:ietf:params:scim:api:messages:2.0:BulkResponse")]),
                let operations = outcome.json?["Operations"]?.arrayValue, !operations.isEmpty
            else { return "not a BulkResponse with operations" }
            for (i, op) in operations.enumerated() {
                guard let status = op["status"]?.stringValue.flatMap(Int.init), (400..<500).contains(status) else {
                    return "bulk operation \(i) status \(op["status"]?.stringValue ?? "none")"
                }
                if let problem = errorBodyProblem(op["response"], status: status) { return "bulk operation \(i): \(problem)" }
            }
            return nil
        }
    }

    /// RFC 7644 §3.12: schemas is the Error URN, status the HTTP status as a string, and a detail.
    static func errorBodyProblem(_ json: SCIMValue?, status: Int) -> String? {
        guard (400..<500).contains(status) else { return "status \(status) is not 4xx" }
        guard let json else { return "no JSON body" }
        guard json["schemas"] == .array([.string(SCIMError.schema)]) else { return "not the SCIM error schema" }
        guard json["status"]?.stringValue == String(status) else { return "body status \(json["status"].map { "\($0)" } ?? "none")" }
        guard let detail = json["detail"]?.stringValue, !detail.isEmpty else { return "empty detail" }
        return nil
    }
}
