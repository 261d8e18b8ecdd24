import Foundation
import Logging
import Provisioning
import SCIM
import Store

/// The service layer over a fresh SQLite file in a temporary directory, with the default
/// tenant, and shortcuts for the writes an identity provider makes.
struct ServiceFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schemaDirectory = packageRoot.appendingPathComponent("schemas").path

    let services: ProvisioningServices
    let info: RequestInfo
    /// The database file, for opening a second service layer over it (another process, a restart).
    let databasePath: String

    /// Runs `body` against a fresh database, deleted afterwards.
    /// `scope` is the default tenant's sync-scope rules: unrestricted unless a test is about them.
    static func run<T>(
        recomputeChunkSize: Int = MappingService.defaultRecomputeChunkSize, scope: ScopeRules = .unrestricted,
        _ body: (ServiceFixture) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-prov-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "scimd-test")
        logger.logLevel = .warning
        let databasePath = directory.appendingPathComponent("scimd.sqlite").path
        let services = try ProvisioningServices.openSQLite(
            databasePath: databasePath, schemaDirectory: schemaDirectory, logger: logger,
            recomputeChunkSize: recomputeChunkSize)
        _ = try await services.tenants.ensureDefaultTenant()
        let tenant = try await services.tenants.tenant(named: TenantService.defaultTenantName)
        let info = RequestInfo(
            tenant: tenant, correlationID: UUID().uuidString, client: "test", baseURL: "http://127.0.0.1/scim/v2")
        if scope != .defaults {
            var setup = info
            setup.client = "test-setup"
            try await services.scope.update(info: setup) { $0 = scope }
        }
        return try await body(ServiceFixture(services: services, info: info, databasePath: databasePath))
    }

    // MARK: SCIM writes

    /// Creates a user; returns its id.
    @discardableResult
    func user(_ userName: String, externalId: String? = nil) async throws -> String {
        var body: SCIMValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName), "active": true,
        ]
        if let externalId { body = body.setting("externalId", .string(externalId)) }
        return try await services.resources.create(.user, body: body.objectValue!, info: info).object["id"]!.stringValue!
    }

    /// Creates a group with members; returns its id.
    @discardableResult
    func group(_ displayName: String, externalId: String? = nil, members: [String] = []) async throws -> String {
        var body: SCIMValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": .string(displayName),
            "members": .array(members.map { ["value": .string($0)] }),
        ]
        if let externalId { body = body.setting("externalId", .string(externalId)) }
        return try await services.resources.create(.group, body: body.objectValue!, info: info).object["id"]!.stringValue!
    }

    /// PATCH with the given operations.
    func patch(_ kind: ResourceKind, _ id: String, _ operations: [SCIMValue]) async throws {
        let request: SCIMValue = ["schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": .array(operations)]
        _ = try await services.resources.patch(kind, id: id, request: request, preconditions: Preconditions(), info: info)
    }

    func addMembers(_ group: String, _ users: [String]) async throws {
        try await patch(.group, group, [["op": "add", "path": "members", "value": .array(users.map { ["value": .string($0)] })]])
    }

    func removeMember(_ group: String, _ user: String) async throws {
        try await patch(.group, group, [["op": "remove", "path": .string("members[value eq \"\(user)\"]")]])
    }

    func setActive(_ user: String, _ active: Bool) async throws {
        try await patch(.user, user, [["op": "replace", "path": "active", "value": .bool(active)]])
    }

    // MARK: Mappings

    func role(_ name: String) async throws { _ = try await services.mappings.createRole(name: name, info: info) }
    func org(_ name: String) async throws { _ = try await services.mappings.createOrganization(name: name, info: info) }

    @discardableResult
    func mapRole(_ group: String, _ role: String) async throws -> Int64 {
        try await services.mappings.addMapping(kind: .role, group: group, target: role, info: info).id
    }

    @discardableResult
    func mapOrg(_ group: String, _ org: String, priority: Int = 100) async throws -> Int64 {
        try await services.mappings.addMapping(kind: .organization, group: group, target: org, priority: priority, info: info).id
    }

    // MARK: Reading

    func assignment(_ key: String) async throws -> MappingService.UserAssignment {
        try await services.mappings.assignment(of: key, tenant: info.tenant)
    }

    /// Role names, sorted.
    func roles(_ key: String) async throws -> [String] { try await assignment(key).roles.map(\.role).sorted() }

    /// Log entries (oldest first) with this status and operation.
    func log(status: SyncStatus? = nil, operation: String? = nil) async throws -> [SyncLogEntry] {
        let query = SyncLogQuery(
            tenantID: info.tenant.id, statuses: status.map { [$0] } ?? [], operation: operation, limit: 100_000)
        // Leave out the fixture's own set-up (the tenant's scope rules).
        return try await services.syncLog.entries(query).reversed().filter { $0.client != "test-setup" }
    }
}

extension SCIMValue {
    /// A copy of this object with `key` set.
    func setting(_ key: String, _ value: SCIMValue) -> SCIMValue {
        var object = objectValue ?? SCIMObject()
        object[key] = value
        return .object(object)
    }

    /// An integer value, or nil.
    var intValue: Int? {
        if case .integer(let n) = self { return n }
        return nil
    }
}
