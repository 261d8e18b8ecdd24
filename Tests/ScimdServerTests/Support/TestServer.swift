import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Provisioning
import SCIM
import Store
@testable import ScimdServer

/// A real scimd on 127.0.0.1 (Hummingbird's live test mode, a real socket) over a fresh SQLite
/// file in a temporary directory, with one tenant token issued.
struct TestServer {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schemaDirectory = packageRoot.appendingPathComponent("schemas").path

    /// Runs `body` against a fresh server; the database is deleted afterwards.
    ///
    /// `scope` is the sync-scope rules of the default tenant and of every tenant the test
    /// creates. Protocol tests run unrestricted, as the conformance run does (its checkers send
    /// users without email or name); the Entra and Okta sequences and the scope tests pass
    /// `.defaults`, what a new tenant gets.
    static func run<T>(
        scope: ScopeRules = .unrestricted,
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
        // Tests send thousands of requests as fast as they can; RateLimitTests set their own limits.
        configuration.defaultRateLimit = 1_000_000
        configure(&configuration)
        var logger = Logger(label: "scimd-test")
        logger.logLevel = .warning
        let services = try ProvisioningServices.openSQLite(
            databasePath: configuration.databasePath, schemaDirectory: schemaDirectory, logger: logger,
            recomputeChunkSize: configuration.recomputeChunkSize, cursorTimeoutSeconds: configuration.cursorTimeoutSeconds)
        _ = try await services.tenants.ensureDefaultTenant()
        let tenant = try await services.tenants.tenant(named: TenantService.defaultTenantName)
        try await SCIMTestClient.applyScope(scope, to: tenant, services: services)
        let token = try await services.tokenAdministration.createToken(name: "test").secret
        let app = buildApplication(configuration: configuration, services: services, logger: logger)
        return try await app.test(.live) { client in
            try await body(SCIMTestClient(client: client, token: token, services: services, scope: scope))
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
    /// The scope rules the test's tenants get (see `TestServer.run`).
    let scope: ScopeRules

    /// Issues a token for another tenant, creating the tenant first with the test's scope rules.
    func token(forNewTenant name: String) async throws -> String {
        let tenant = try await services.tenants.createTenant(name: name)
        try await Self.applyScope(scope, to: tenant, services: services)
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

    /// Saves `scope` as the tenant's rules through the service layer, as `scimctl scope` does.
    static func applyScope(_ scope: ScopeRules, to tenant: TenantRecord, services: ProvisioningServices) async throws {
        guard scope != .defaults else { return }
        let info = RequestInfo(tenant: tenant, correlationID: UUID().uuidString, client: "test-setup", baseURL: "")
        try await services.scope.update(info: info) { $0 = scope }
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

    /// Creates a user as an identity provider sends one: with a given and family name and a
    /// work email (the default scope rules require them).
    func createProvisionedUser(_ userName: String, externalId: String? = nil, extra: [String: SCIMValue] = [:], token: String? = nil)
        async throws -> SCIMTestResponse
    {
        var attributes: [String: SCIMValue] = [
            "name": ["givenName": "Given", "familyName": "Family"],
            "emails": [["type": "work", "primary": true, "value": .string(userName.contains("@") ? userName : "\(userName)@example.com")]],
        ]
        for (k, v) in extra { attributes[k] = v }
        return try await createUser(userName, externalId: externalId, extra: attributes, token: token)
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
