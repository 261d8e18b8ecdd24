import ChildProcess
import Foundation
import Logging
import Provisioning
import SCIM
import Store
import Testing

/// What one scimctl run printed and how it exited.
struct CLIResult: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    /// Each stdout line parsed as JSON (`--json` output is one object per line).
    var jsonLines: [SCIMValue] { lines.compactMap { try? SCIMValue(parsing: $0) } }
    var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// The scimctl binary has not been built where the tests look for it.
struct MissingBinary: Error, CustomStringConvertible {
    let path: String
    var description: String { "scimctl binary not found at \(path); run `swift build` (or `swift test`, which builds it) first" }
}

/// A real SQLite database written through the service layer, and the real scimctl binary run
/// against it (`swift test` builds it next to the test bundle).
struct CLIFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schemaDirectory = packageRoot.appendingPathComponent("schemas").path
    static let binary = packageRoot.appendingPathComponent(".build/debug/scimctl")

    let databasePath: String
    let services: ProvisioningServices
    let info: RequestInfo

    /// Runs `body` over a fresh database in a temporary directory, deleted afterwards.
    /// `scope` is the default tenant's sync-scope rules: unrestricted unless a test is about them.
    static func run<T>(scope: ScopeRules = .unrestricted, _ body: (CLIFixture) async throws -> T) async throws -> T {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw MissingBinary(path: binary.path)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimctl-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("scimd.sqlite").path
        var logger = Logger(label: "scimctl-test")
        logger.logLevel = .warning
        let services = try ProvisioningServices.openSQLite(databasePath: path, schemaDirectory: schemaDirectory, logger: logger)
        _ = try await services.tenants.ensureDefaultTenant()
        let tenant = try await services.tenants.tenant(named: TenantService.defaultTenantName)
        let info = RequestInfo(tenant: tenant, correlationID: UUID().uuidString, client: "idp", baseURL: "http://127.0.0.1/scim/v2")
        if scope != .defaults {
            var setup = info
            setup.client = "test-setup"
            try await services.scope.update(info: setup) { $0 = scope }
        }
        return try await body(CLIFixture(databasePath: path, services: services, info: info))
    }

    // MARK: Running scimctl

    /// The global options every run gets, before the subcommand as an administrator types them.
    var globalArguments: [String] { ["--database", databasePath, "--schemas", Self.schemaDirectory] }

    /// Runs `scimctl --database DB --schemas DIR <arguments>` to completion (killed after 30 s).
    func scimctl(_ arguments: String...) async throws -> CLIResult {
        try await Self.execute(globalArguments + arguments)
    }

    /// Runs the binary with exactly these arguments, and `environment` on top of the test's
    /// own (without SCIMD_DATABASE and SCIMCTL_WAIT, so the test's settings are what counts).
    static func execute(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> CLIResult {
        var environment = ProcessInfo.processInfo.environment
        environment["SCIMD_DATABASE"] = nil
        environment["SCIMCTL_WAIT"] = nil
        environment.merge(extra) { $1 }
        let child = try ChildProcess.launch(binary.path, arguments: arguments, environment: environment)
        let status = await child.finish(within: .seconds(30))
        return CLIResult(status: status, stdout: child.standardOutput, stderr: child.standardError)
    }

    // MARK: What the identity provider sends, through the service layer

    @discardableResult
    func user(_ userName: String, externalId: String? = nil) async throws -> String {
        var body = SCIMObject()
        body["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:User"]
        body["userName"] = .string(userName)
        body["active"] = true
        if let externalId { body["externalId"] = .string(externalId) }
        return try await services.resources.create(.user, body: body, info: info).object["id"]?.stringValue ?? ""
    }

    @discardableResult
    func group(_ displayName: String, members: [String] = []) async throws -> String {
        var body = SCIMObject()
        body["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:Group"]
        body["displayName"] = .string(displayName)
        body["members"] = .array(members.map { ["value": .string($0)] })
        return try await services.resources.create(.group, body: body, info: info).object["id"]?.stringValue ?? ""
    }

    /// PATCH `active` as an identity provider deactivating or reactivating a user.
    func setActive(_ user: String, _ active: Bool) async throws {
        let request: SCIMValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "Replace", "path": "active", "value": .bool(active)]],
        ]
        _ = try await services.resources.patch(.user, id: user, request: request, preconditions: Preconditions(), info: info)
    }

    func addMembers(_ group: String, _ users: [String]) async throws {
        let request: SCIMValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "add", "path": "members", "value": .array(users.map { ["value": .string($0)] })]],
        ]
        _ = try await services.resources.patch(.group, id: group, request: request, preconditions: Preconditions(), info: info)
    }
}

extension SCIMValue {
    /// An integer value, or nil.
    var intValue: Int? {
        if case .integer(let n) = self { return n }
        return nil
    }
}
