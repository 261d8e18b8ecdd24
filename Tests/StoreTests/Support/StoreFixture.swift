import Foundation
import SCIM
import Store

/// A SQLite store over a fresh file in a temporary directory, and the schemas from `schemas/`.
struct StoreFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let registry: SchemaRegistry = {
        // The schema files are part of the checkout; failing to load them is a broken checkout.
        try! SchemaRegistry(directory: packageRoot.appendingPathComponent("schemas"))
    }()
    static var userSchema: ResourceSchema { registry.resource("User")! }
    static var groupSchema: ResourceSchema { registry.resource("Group")! }

    let directory: URL
    var path: String { directory.appendingPathComponent("store.sqlite").path }

    /// Runs `body` with a fixture whose directory is removed afterwards.
    static func run<T>(_ body: (StoreFixture) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(StoreFixture(directory: directory))
    }

    /// Opens the store with the derived attributes the server gives it (Provisioning's
    /// StoreDerivations): memberships and the scimd extension's computed attributes.
    func open() throws -> SQLiteStore {
        try SQLiteStore(path: path, configuration: .init(derivedAttributes: Self.derivedAttributes))
    }

    static let derivedAttributes = DerivedAttributes(
        computed: [
            ComputedAttribute(schema: scimdURN, name: "roles", source: .roles, whileSuspended: false),
            ComputedAttribute(schema: scimdURN, name: "organization", source: .organization, whileSuspended: false),
            ComputedAttribute(schema: scimdURN, name: "source", source: .resourceSource),
        ],
        memberships: MembershipAttributes(
            groupType: "Group", members: "members", memberTypes: ["User", "Group"], memberType: "User", groups: "groups"))
}

/// Shorthand for writing resources in tests.
extension StoreTransaction {
    @discardableResult
    func insert(
        tenant: Int64, type: String, id: String = UUID().uuidString.lowercased(), body: SCIMObject, source: ResourceSource = .scim,
        nowMs: Int64 = 1_000
    ) async throws -> ResourceRecord {
        try await insertResource(
            tenantID: tenant, type: type, id: id, body: body, keys: IndexKeys.derive(type: type, body: body), source: source,
            nowMs: nowMs)
    }

    @discardableResult
    func insertUser(tenant: Int64, _ userName: String, id: String = UUID().uuidString.lowercased(), nowMs: Int64 = 1_000)
        async throws -> ResourceRecord
    {
        try await insert(tenant: tenant, type: "User", id: id, body: user(userName), nowMs: nowMs)
    }

    @discardableResult
    func insertGroup(tenant: Int64, _ displayName: String, nowMs: Int64 = 1_000) async throws -> ResourceRecord {
        try await insert(
            tenant: tenant, type: "Group",
            body: SCIMObject([
                .init(key: "schemas", value: ["urn:ietf:params:scim:schemas:core:2.0:Group"]),
                .init(key: "displayName", value: .string(displayName)),
            ]), nowMs: nowMs)
    }
}

/// A minimal stored User body.
func user(_ userName: String, _ extra: [(String, SCIMValue)] = []) -> SCIMObject {
    SCIMObject(
        [
            .init(key: "schemas", value: ["urn:ietf:params:scim:schemas:core:2.0:User"]),
            .init(key: "userName", value: .string(userName)),
        ] + extra.map { SCIMObject.Entry(key: $0.0, value: $0.1) })
}

/// A sync-log entry with the fields the tests vary.
func logEntry(
    tenant: Int64, timeMs: Int64, operation: String = "create", status: SyncStatus = .success, type: String? = "User",
    id: String? = nil, name: String? = nil, externalID: String? = nil
) -> SyncLogEntry {
    SyncLogEntry(
        tenantID: tenant, timeMs: timeMs, operation: operation, resourceType: type, resourceID: id, resourceName: name,
        externalID: externalID, status: status, message: "\(operation) \(name ?? "-")")
}

/// A test failure raised inside a transaction body.
struct Boom: Error {}
