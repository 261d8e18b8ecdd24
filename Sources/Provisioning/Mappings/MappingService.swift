import Foundation
import SCIM
import Store

/// Administration of roles, organizations and group mappings (requirements §4). Every change is logged
/// and re-applies the assignments it affects in the same transaction, so a role or organization
/// created again resolves its pending errors without any call from the identity provider.
public final class MappingService: Sendable {
    let store: any ProvisioningStore
    let clock: ProvisioningClock
    let userSchema: ResourceSchema
    /// Users recomputed per transaction after an administrative change (see `recomputeOrSchedule`).
    public let recomputeChunkSize: Int

    /// The default chunk: ~500 users keep one chunk's transaction in the tens of milliseconds.
    public static let defaultRecomputeChunkSize = 500

    init(store: any ProvisioningStore, clock: ProvisioningClock, userSchema: ResourceSchema, recomputeChunkSize: Int) {
        self.store = store
        self.clock = clock
        self.userSchema = userSchema
        self.recomputeChunkSize = max(1, recomputeChunkSize)
    }

    // MARK: Roles

    public func roles(tenant: TenantRecord) async throws -> [RoleRecord] {
        try await store.read { try await $0.roles(tenantID: tenant.id) }
    }

    public func createRole(name: String, description: String? = nil, info: RequestInfo) async throws -> RoleRecord {
        let name = try Self.validName(name, what: "role")
        return try await write(info, duplicate: "A role named '\(name)' already exists.") { tx, engine in
            let role = try await tx.insertRole(tenantID: info.tenant.id, name: name, description: description, nowMs: self.clock.nowMs())
            let reason = "Created role '\(name)'"
            try await self.logAndRecompute(
                "role-create", reason, scope: try await self.scope(reachedBy: .role, target: name, tx: tx, tenantID: info.tenant.id),
                tx: tx, engine: engine, info: info)
            return role
        }
    }

    public func deleteRole(name: String, info: RequestInfo) async throws -> RoleRecord {
        try await write(info) { tx, engine in
            guard let role = try await tx.roles(tenantID: info.tenant.id).first(where: { caseFold($0.name) == caseFold(name) }) else {
                throw AdminError(.notFound, "No role named '\(name)'; run `scimctl roles list` to see them.")
            }
            try await tx.deleteRole(id: role.id)
            try await self.logAndRecompute(
                "role-delete", "Deleted role '\(role.name)'",
                scope: try await self.scope(reachedBy: .role, target: role.name, tx: tx, tenantID: info.tenant.id), tx: tx,
                engine: engine, info: info)
            return role
        }
    }

    // MARK: Organizations

    public func organizations(tenant: TenantRecord) async throws -> [OrganizationRecord] {
        try await store.read { try await $0.organizations(tenantID: tenant.id) }
    }

    public func createOrganization(name: String, parent: String? = nil, info: RequestInfo) async throws -> OrganizationRecord {
        let name = try Self.validName(name, what: "organization")
        return try await write(info, duplicate: "An organization named '\(name)' already exists.") { tx, engine in
            var parentID: Int64?
            if let parent {
                guard let found = try await tx.organizations(tenantID: info.tenant.id).first(where: { caseFold($0.name) == caseFold(parent) }) else {
                    throw AdminError(.notFound, "No parent organization named '\(parent)'; create it first with `scimctl orgs create`.")
                }
                parentID = found.id
            }
            let organization = try await tx.insertOrganization(
                tenantID: info.tenant.id, name: name, parentID: parentID, nowMs: self.clock.nowMs())
            let reason = "Created organization '\(name)'" + (parent.map { " under '\($0)'" } ?? "")
            try await self.logAndRecompute(
                "org-create", reason,
                scope: try await self.scope(reachedBy: .organization, target: name, tx: tx, tenantID: info.tenant.id), tx: tx,
                engine: engine, info: info)
            return organization
        }
    }

    public func deleteOrganization(name: String, info: RequestInfo) async throws -> OrganizationRecord {
        try await write(info) { tx, engine in
            guard let organization = try await tx.organizations(tenantID: info.tenant.id).first(where: { caseFold($0.name) == caseFold(name) })
            else {
                throw AdminError(.notFound, "No organization named '\(name)'; run `scimctl orgs list` to see them.")
            }
            try await tx.deleteOrganization(id: organization.id)
            let reason = "Deleted organization '\(organization.name)'"
            try await self.logAndRecompute(
                "org-delete", reason,
                scope: try await self.scope(reachedBy: .organization, target: organization.name, tx: tx, tenantID: info.tenant.id),
                tx: tx, engine: engine, info: info)
            return organization
        }
    }

    // MARK: Mappings

    public func mappings(tenant: TenantRecord) async throws -> [MappingRecord] {
        try await store.read { try await $0.mappings(tenantID: tenant.id) }
    }

    /// Adds a mapping; a target that does not exist yet is allowed (its users get the error until it does).
    public func addMapping(kind: MappingKind, group: String, target: String, priority: Int = 100, info: RequestInfo)
        async throws -> MappingRecord
    {
        let group = try Self.validName(group, what: "group")
        let target = try Self.validName(target, what: kind == .role ? "role" : "organization")
        guard (0...1_000_000).contains(priority) else { throw AdminError(.invalid, "--priority must be between 0 and 1000000.") }
        return try await write(info, duplicate: "Group '\(group)' is already mapped to \(kind.rawValue) '\(target)'.") { tx, engine in
            let mapping = try await tx.insertMapping(
                tenantID: info.tenant.id, kind: kind, groupRef: group, targetName: target, priority: priority, nowMs: self.clock.nowMs())
            let text = kind == .role
                ? "Added mapping \(mapping.id): group '\(group)' → role '\(target)'"
                : "Added mapping \(mapping.id): group '\(group)' → organization '\(target)' (priority \(priority))"
            try await self.logAndRecompute(
                "mapping-add", text, scope: RecomputeScope(groupRefs: [group]), tx: tx, engine: engine, info: info)
            return mapping
        }
    }

    public func removeMapping(id: Int64, info: RequestInfo) async throws -> MappingRecord {
        try await write(info) { tx, engine in
            guard let mapping = try await tx.deleteMapping(id: id, tenantID: info.tenant.id) else {
                throw AdminError(.notFound, "No mapping \(id); run `scimctl mappings list` to see them.")
            }
            let text = "Removed mapping \(id): group '\(mapping.groupRef)' → \(mapping.kind.rawValue) '\(mapping.targetName)'"
            try await self.logAndRecompute(
                "mapping-remove", text, scope: RecomputeScope(groupRefs: [mapping.groupRef]), tx: tx, engine: engine, info: info)
            return mapping
        }
    }

    // MARK: Reading a user's assignment

    /// A user's effective roles and organization with the open errors that touch it.
    public struct UserAssignment: Sendable {
        public var userID: String
        public var userName: String
        public var active: Bool
        public var roles: [AssignedRole]
        public var organization: String?
        public var suspended: Bool
        public var errors: [MappingErrorRecord]
        /// Who manages the user (requirements §9).
        public var source: ResourceSource = .scim
    }

    /// Finds a user by id, userName or externalId and returns its assignment.
    public func assignment(of key: String, tenant: TenantRecord) async throws -> UserAssignment {
        try await store.read { tx in
            guard let user = try await ResourceLookup.find(.user, key: key, tenantID: tenant.id, schema: self.userSchema, tx: tx) else {
                throw ResourceLookup.notFound(.user, key: key, tenant: tenant)
            }
            let assignment = try await tx.assignment(userSeq: user.seq)
            return UserAssignment(
                userID: user.id, userName: user.body["userName"]?.stringValue ?? user.id,
                active: user.body["active"]?.boolValue ?? true, roles: assignment?.roles ?? [],
                organization: assignment?.organization, suspended: assignment?.suspended ?? false,
                errors: try await tx.mappingErrors(userSeq: user.seq), source: user.source)
        }
    }

    /// Open mapping errors of a tenant.
    public func openErrors(tenant: TenantRecord) async throws -> [MappingErrorRecord] {
        try await store.read { try await $0.mappingErrors(tenantID: tenant.id) }
    }

    // MARK: Helpers

    /// Users a change to role/organization `target` can affect: members of groups mapped to it,
    /// and users with an open error about it.
    private func scope(reachedBy kind: MappingKind, target: String, tx: any StoreTransaction, tenantID: Int64) async throws
        -> RecomputeScope
    {
        let refs = try await tx.mappings(tenantID: tenantID)
            .filter { $0.kind == kind && caseFold($0.targetName) == caseFold(target) }
            .map(\.groupRef)
        return RecomputeScope(groupRefs: refs, errorKind: kind, errorTargetKey: caseFold(target))
    }

    private func write<T>(
        _ info: RequestInfo, duplicate: String = "That already exists.",
        _ body: @escaping (any StoreTransaction, AssignmentEngine) async throws -> T
    ) async throws -> T {
        do {
            return try await store.write { tx in
                try await body(tx, AssignmentEngine(tenantID: info.tenant.id, info: info, clock: self.clock, userSchema: self.userSchema))
            }
        } catch StoreError.duplicate {
            throw AdminError(.conflict, duplicate)
        }
    }

    func adminEntry(_ operation: String, _ message: String, info: RequestInfo) -> SyncLogEntry {
        SyncLogEntry(
            tenantID: info.tenant.id, timeMs: clock.nowMs(), correlationID: info.correlationID, client: info.client,
            sourceAddress: info.sourceAddress, operation: operation, status: .success, message: message)
    }

    static func validName(_ raw: String, what: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 256, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw AdminError(.invalid, "A \(what) name must be 1-256 printable characters; got '\(raw)'.")
        }
        return name
    }
}
