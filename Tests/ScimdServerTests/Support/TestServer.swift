import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Provisioning
import SCIM
@testable import ScimdServer

/// A real scimd on 127.0.0.1 (Hummingbird's live test mode, a real socket) over a fresh SQLite
/// file in a temporary directory, with one tenant token issued.
struct TestServer {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schemaDirectory = packageRoot.appendingPathComponent("schemas").path

    /// Runs `body` against a fresh server; the database is deleted afterwards.
    static func run<T>(
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (SCIMTestClient) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.databasePath = directory.appendingPathComponent("scimd.sqlite").path
        configuration.schemaDirectory = schemaDirectory
        configure(&configuration)
        var logger = Logger(label: "scimd-test")
        logger.logLevel = .warning
        let services = try ProvisioningServices.openSQLite(
            databasePath: configuration.databasePath, schemaDirectory: schemaDirectory, logger: logger,
            recomputeChunkSize: configuration.recomputeChunkSize)
        _ = try await services.tenants.ensureDefaultTenant()
        let token = try await services.tokenAdministration.createToken(name: "test").secret
        let app = buildApplication(configuration: configuration, services: services, logger: logger)
        return try await app.test(.live) { client in
            try await body(SCIMTestClient(client: client, token: token, services: services))
        }
    }
}

/// An HTTP response with the body parsed as JSON when there is one.
struct SCIMTestResponse: Sendable {
    let status: Int
    let headers: HTTPFields
    let raw: String
    let json: SCIMValue?

    subscript(key: String) -> SCIMValue? { json?[key] }
    var object: SCIMObject { json?.objectValue ?? SCIMObject() }
    var id: String { json?["id"]?.stringValue ?? "" }
    var resources: [SCIMValue] { json?["Resources"]?.arrayValue ?? [] }
    var totalResults: Int {
        if case .integer(let n)? = json?["totalResults"] { return n }
        return -1
    }
    var scimType: String? { json?["scimType"]?.stringValue }
    var isSCIMError: Bool {
        json?["schemas"] == .array(["urn:ietf:params:scim:api:messages:2.0:Error"]) && json?["status"]?.stringValue == String(status)
    }
}

/// Sends SCIM requests with the tenant's bearer token (or another one).
struct SCIMTestClient: Sendable {
    let client: any TestClientProtocol
    let token: String
    let services: ProvisioningServices

    /// Issues a token for another tenant, creating the tenant first.
    func token(forNewTenant name: String) async throws -> String {
        _ = try await services.tenants.createTenant(name: name)
        return try await services.tokenAdministration.createToken(tenantName: name, name: "test-\(name)").secret
    }

    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ path: String, json: SCIMValue? = nil, body: String? = nil,
        headers extra: HTTPFields = [:], token: String? = nil, contentType: String = "application/scim+json"
    ) async throws -> SCIMTestResponse {
        var headers = extra
        if headers[.authorization] == nil, let bearer = token ?? Optional(self.token), !bearer.isEmpty {
            headers[.authorization] = "Bearer \(bearer)"
        }
        var buffer: ByteBuffer?
        if let json { buffer = ByteBuffer(bytes: json.serialized()) } else if let body { buffer = ByteBuffer(string: body) }
        if buffer != nil, headers[.contentType] == nil { headers[.contentType] = contentType }
        let uri = path.hasPrefix("/") ? path : "/scim/v2/\(path)"
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let text = String(buffer: response.body)
            return SCIMTestResponse(
                status: Int(response.status.code), headers: response.headers, raw: text,
                json: text.isEmpty ? nil : try? SCIMValue(parsing: text))
        }
    }

    // MARK: Conveniences for common resources

    static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let enterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    func createUser(_ userName: String, externalId: String? = nil, extra: [String: SCIMValue] = [:], token: String? = nil)
        async throws -> SCIMTestResponse
    {
        var body: SCIMObject = ["schemas": [.string(Self.userSchema)], "userName": .string(userName), "active": true]
        if let externalId { body["externalId"] = .string(externalId) }
        for (k, v) in extra { body[k] = v }
        return try await request(.post, "Users", json: .object(body), token: token)
    }

    func createGroup(_ displayName: String, members: [String] = [], token: String? = nil) async throws -> SCIMTestResponse {
        try await request(
            .post, "Groups",
            json: [
                "schemas": [.string(Self.groupSchema)], "displayName": .string(displayName),
                "members": .array(members.map { ["value": .string($0)] }),
            ], token: token)
    }

    func patch(_ path: String, _ operations: [SCIMValue], headers: HTTPFields = [:]) async throws -> SCIMTestResponse {
        try await request(
            .patch, path, json: ["schemas": [.string(Self.patchSchema)], "Operations": .array(operations)], headers: headers)
    }
}

extension SCIMObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, SCIMValue)...) {
        self.init(elements.map { Entry(key: $0.0, value: $0.1) })
    }
}
