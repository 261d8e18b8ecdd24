import Foundation
import Logging
import SCIM
import Store

/// Users and Groups: create, read, replace, patch, delete and query, each write in one
/// transaction together with its sync-log entry (requirements §2, §7).
public final class ResourceService: Sendable {
    let store: any ProvisioningStore
    let registry: SchemaRegistry
    let clock: ProvisioningClock
    let logger: Logger
    let userSchema: ResourceSchema
    let groupSchema: ResourceSchema
    /// What a read without `attributes`/`excludedAttributes` loads, per type: deciding it
    /// walks the schemas by name, ~29,000 instructions, 4 % of a GET (docs/performance.md).
    let defaultRenderOptions: (user: RenderOptions, group: RenderOptions)
    /// Largest page a query returns (ServiceProviderConfig `filter.maxResults`).
    public let maxResults: Int
    /// Seconds a cursor stays valid after the page that issued it (RFC 9865 §4 `cursorTimeout`).
    public let cursorTimeoutSeconds: Int
    /// Signs and checks cursors with the database's cursor key.
    let cursors: CursorCodec

    /// RFC 9865 §4 leaves `cursorTimeout` to the service provider: ten minutes covers a slow
    /// identity provider between pages without keeping walks alive for hours.
    public static let defaultCursorTimeoutSeconds = 600

    public init(
        store: any ProvisioningStore, registry: SchemaRegistry, clock: ProvisioningClock = .system,
        logger: Logger = Logger(label: "scimd.resources"), cursorTimeoutSeconds: Int = ResourceService.defaultCursorTimeoutSeconds
    ) throws {
        guard let users = registry.resource(ResourceKind.user.rawValue),
            let groups = registry.resource(ResourceKind.group.rawValue)
        else { throw SchemaLoadError("the schema directory must define the User and Group resource types") }
        self.store = store
        self.registry = registry
        self.clock = clock
        self.logger = logger
        self.userSchema = users
        self.groupSchema = groups
        self.cursorTimeoutSeconds = max(1, cursorTimeoutSeconds)
        self.cursors = CursorCodec(store: store, clock: clock)
        self.defaultRenderOptions = (RenderOptions(.all(users)), RenderOptions(.all(groups)))
        self.maxResults = registry.serviceProviderConfig["filter"]?["maxResults"].flatMap {
            if case .integer(let n) = $0 { return n } else { return nil }
        } ?? 1000
    }

    /// The resolved schemas of a resource type.
    public func schema(_ kind: ResourceKind) -> ResourceSchema { kind == .user ? userSchema : groupSchema }

    /// What a read answered through `projection` must load (`RenderOptions(projection)`).
    public func renderOptions(_ projection: ResponseProjection, kind: ResourceKind) -> RenderOptions {
        guard projection.selectsDefaults, projection.schema.core.id == schema(kind).core.id else { return RenderOptions(projection) }
        return kind == .user ? defaultRenderOptions.user : defaultRenderOptions.group
    }

    // MARK: Create

    /// POST: validates, stores and logs a new resource (RFC 7644 §3.3).
    public func create(_ kind: ResourceKind, body input: SCIMObject, info: RequestInfo, options: RenderOptions = .all)
        async throws -> RenderedResource
    {
        try await create(kind, reading: { .object(input) }, info: info, options: options)
    }

    /// POST with a body still to be read: a body that cannot be read or parsed is refused and
    /// logged like any other refused create. `options` says what the answer must carry beyond
    /// the stored body (`renderOptions(_:kind:)` for the request's projection).
    public func create(
        _ kind: ResourceKind, reading body: () async throws -> SCIMValue, info: RequestInfo, options: RenderOptions = .all
    ) async throws -> RenderedResource {
        try await logged(RefusalSubject(.create, kind), info: info) { subject in
            let input = try await subject.readObject(body, kind: kind)
            return try await insert(kind, input, info: info, options: options)
        }
    }

    /// The create itself, unlogged: its caller records a refusal. `source` is `local` only for a
    /// user an administrator creates in scimd (`createLocalUser`).
    func insert(
        _ kind: ResourceKind, _ input: SCIMObject, info: RequestInfo, source: ResourceSource = .scim, options: RenderOptions = .all
    ) async throws -> RenderedResource {
        var body = try ResourceValidator(schema: schema(kind)).validate(input, mode: .create)
        let members = try memberValues(body.removeValue(forKey: "members"))
        let now = clock.nowMs()
        return try await store.write { tx in
            if kind == .user { try await requireScopeAttributes(body, tx: tx, tenantID: info.tenant.id) }
            let id = UUID().lowercasedString
            var record = try await tx.insertResource(
                tenantID: info.tenant.id, type: kind.rawValue, id: id, body: body, keys: IndexKeys.derive(type: kind.rawValue, body: body),
                source: source, nowMs: now)
            var memberRefs: [MemberReference] = []
            if kind == .group, !members.isEmpty {
                memberRefs = try await resolveMembers(members, tx: tx, tenantID: info.tenant.id)
                _ = try await tx.addMembers(groupSeq: record.seq, memberSeqs: memberRefs.map(\.seq))
            }
            record.body = body
            var changes = ChangeSet.between(old: SCIMObject(), new: body)
            if !memberRefs.isEmpty { changes.append(.init(attribute: "members", added: memberRefs.map { .string($0.id) })) }
            try await tx.appendLog(entry(.create, kind, record: record, changes: changes, info: info))
            try await announce(kind, old: nil, new: record, changes: changes, tx: tx, info: info)
            try await touchDependents(kind, old: nil, new: record, membersChanged: Set(memberRefs.map(\.seq)), tx: tx)
            try await recomputeAssignments(
                kind == .user ? [record.seq] : memberRefs.map(\.seq), tx: tx, info: info, written: kind == .user)
            // Re-read: a recompute (an inactive user's suspended assignment) bumps the version.
            return try await renderCurrent(kind, id: id, tx: tx, info: info, options: options)
        }
    }

    // MARK: Read

    /// GET by id (RFC 7644 §3.4.1).
    public func get(_ kind: ResourceKind, id: String, info: RequestInfo, options: RenderOptions = .all) async throws -> RenderedResource {
        try await store.read { tx in
            guard let record = try await tx.resource(tenantID: info.tenant.id, type: kind.rawValue, id: id) else {
                throw SCIMError.notFound(resourceType: kind.rawValue, id: id)
            }
            return try await render(record, kind: kind, tx: tx, info: info, options: options)
        }
    }

    /// The resource an administrator names by id, name or externalId (see `ResourceLookup`).
    public func find(_ kind: ResourceKind, key: String, info: RequestInfo, options: RenderOptions = .all) async throws
        -> RenderedResource?
    {
        try await store.read { tx in
            guard let record = try await ResourceLookup.find(kind, key: key, tenantID: info.tenant.id, schema: schema(kind), tx: tx)
            else { return nil }
            return try await render(record, kind: kind, tx: tx, info: info, options: options)
        }
    }

    /// GET with filter, sort and paging, or POST /.search (RFC 7644 §3.4.2, §3.4.3).
    public func query(
        _ kind: ResourceKind, _ query: ResourceQuery, info: RequestInfo, options: RenderOptions = .all
    ) async throws -> (totalResults: Int, resources: [RenderedResource]) {
        var bounded = query
        bounded.count = min(max(0, query.count), maxResults)
        bounded.startIndex = max(1, query.startIndex)
        do {
            return try await store.read { tx in
                let page = try await tx.query(tenantID: info.tenant.id, type: kind.rawValue, bounded, schema: schema(kind))
                var resources: [RenderedResource] = []
                resources.reserveCapacity(page.records.count)
                for record in page.records {
                    resources.append(try await render(record, kind: kind, tx: tx, info: info, options: options))
                }
                return (page.totalResults, resources)
            }
        } catch {
            throw SCIMError.from(error, resourceType: kind.rawValue)
        }
    }

    // MARK: Replace

    /// PUT (RFC 7644 §3.5.1): replaces every writable attribute; members are diffed, not rewritten.
    public func replace(
        _ kind: ResourceKind, id: String, body input: SCIMObject, preconditions: Preconditions, info: RequestInfo,
        options: RenderOptions = .all
    ) async throws -> RenderedResource {
        try await replace(kind, id: id, reading: { .object(input) }, preconditions: preconditions, info: info, options: options)
    }

    /// PUT with a body still to be read (see `create(_:reading:info:)`).
    public func replace(
        _ kind: ResourceKind, id: String, reading body: () async throws -> SCIMValue, preconditions: Preconditions,
        info: RequestInfo, options: RenderOptions = .all
    ) async throws -> RenderedResource {
        try await logged(RefusalSubject(.replace, kind, id: id), info: info) { subject in
            let input = try await subject.readObject(body, kind: kind)
            return try await overwrite(kind, id: id, input, preconditions: preconditions, info: info, options: options)
        }
    }

    /// The replace itself, unlogged: its caller records a refusal.
    func overwrite(
        _ kind: ResourceKind, id: String, _ input: SCIMObject, preconditions: Preconditions, info: RequestInfo,
        options: RenderOptions = .all
    ) async throws -> RenderedResource {
        return try await store.write { tx in
            let existing = try await loadForWrite(kind, id: id, tx: tx, info: info, preconditions: preconditions)
            var body = try ResourceValidator(schema: schema(kind)).validate(input, mode: .replace(existing: existing.body))
            if kind == .user { try await requireScopeAttributes(body, tx: tx, tenantID: info.tenant.id) }
            let members = try memberValues(body.removeValue(forKey: "members"))
            var changes = ChangeSet.between(old: existing.body, new: body)
            var record = existing
            if body != existing.body {
                record = try await tx.updateResource(
                    seq: existing.seq, body: body, keys: IndexKeys.derive(type: kind.rawValue, body: body), nowMs: clock.nowMs())
            }
            var affected = Set<Int64>()
            if kind == .group {
                let delta = try await replaceMembers(groupSeq: existing.seq, with: members, tx: tx, tenantID: info.tenant.id)
                if !delta.change.isEmpty {
                    changes.append(delta.change)
                    affected = delta.affected
                    if body == existing.body { try await tx.touchResource(seq: existing.seq, nowMs: clock.nowMs()) }
                }
            }
            try await adoptIfLocal(existing, tx: tx, changes: &changes)
            try await tx.appendLog(entry(.replace, kind, record: record, changes: changes, info: info))
            try await announce(kind, old: existing, new: record, changes: changes, tx: tx, info: info)
            try await touchDependents(kind, old: existing, new: record, membersChanged: affected, tx: tx)
            try await recomputeAfterWrite(kind, old: existing, new: record, members: affected, tx: tx, info: info)
            return try await renderCurrent(kind, id: existing.id, tx: tx, info: info, options: options)
        }
    }

    // MARK: Delete

    /// DELETE (RFC 7644 §3.6): removes the resource and every membership that names it.
    public func delete(_ kind: ResourceKind, id: String, preconditions: Preconditions, info: RequestInfo) async throws {
        try await logged(RefusalSubject(.delete, kind, id: id), info: info) { _ in
            try await remove(kind, id: id, preconditions: preconditions, info: info)
        }
    }

    /// The delete itself, unlogged: its caller records a refusal.
    func remove(_ kind: ResourceKind, id: String, preconditions: Preconditions, info: RequestInfo) async throws {
        try await store.write { tx in
            let existing = try await loadForWrite(kind, id: id, tx: tx, info: info, preconditions: preconditions)
            let formerMembers = kind == .group ? try await tx.memberSeqs(groupSeq: existing.seq) : []
            // Its members lose it from `groups`, the groups holding it lose a member (RFC 7644 §3.14).
            if kind == .group { try await tx.touchMembers(groupSeq: existing.seq, nowMs: clock.nowMs()) }
            try await tx.touchGroups(memberSeq: existing.seq, nowMs: clock.nowMs())
            try await tx.deleteResource(seq: existing.seq)
            try await tx.appendLog(entry(.delete, kind, record: existing, changes: [], info: info))
            try await announce(kind, old: existing, new: nil, changes: [], tx: tx, info: info)
            try await recomputeAssignments(formerMembers, tx: tx, info: info)
        }
    }

    // MARK: Helpers shared by the write paths

    /// After a user write, that user's assignment (activation, scope); after a group write, the
    /// members whose membership changed — or every member when the names mappings match changed.
    func recomputeAfterWrite(
        _ kind: ResourceKind, old: ResourceRecord, new: ResourceRecord, members: Set<Int64>, tx: any StoreTransaction,
        info: RequestInfo
    ) async throws {
        switch kind {
        case .user:
            try await recomputeAssignments([new.seq], tx: tx, info: info, written: true)
        case .group:
            let renamed = old.body["displayName"] != new.body["displayName"] || old.body["externalId"] != new.body["externalId"]
            let users = renamed ? try await tx.memberSeqs(groupSeq: new.seq) : Array(members)
            try await recomputeAssignments(users, tx: tx, info: info)
        }
    }

    /// Refuses a user create or replace that lacks an attribute the tenant's scope rules require
    /// (requirements §5): the 400 names the attribute, so the identity provider's own log shows
    /// the cause. A PATCH is never refused for this (see `AssignmentEngine`).
    func requireScopeAttributes(_ body: SCIMObject, tx: any StoreTransaction, tenantID: Int64) async throws {
        let rules = try await ScopeRules.current(tenantID: tenantID, tx: tx)
        guard !rules.required.isEmpty else { return }
        let missing = rules.requiredChecks(ScopeSubject(body: body, schema: userSchema, groups: [])).filter { !$0.met }
        guard let first = missing.first else { return }
        let names = missing.map(\.name).joined(separator: ", ")
        throw SCIMError.invalidValue(
            "Required attribute \(first.name) is missing\(missing.count > 1 ? " (missing: \(names))" : ""): this tenant's sync "
                + "scope rules require \(rules.required.joined(separator: ", ")). Map \(missing.count > 1 ? "them" : "it") in the "
                + "identity provider's attribute mappings, or change the rules with `scimctl scope require`.")
    }

    /// RFC 7644 §3.14 (and RFC 7232 §2.3): the version changes whenever the representation does.
    /// Memberships live outside the bodies, so a write bumps the resources they show in: members
    /// that joined or left (their `groups`), the members of a renamed group (`groups.display`),
    /// and the groups holding a resource whose display name changed (`members.display`).
    func touchDependents(
        _ kind: ResourceKind, old: ResourceRecord?, new: ResourceRecord, membersChanged: Set<Int64>, tx: any StoreTransaction
    ) async throws {
        let now = clock.nowMs()
        var changed = membersChanged
        changed.remove(new.seq)
        if !changed.isEmpty { try await tx.touchResources(seqs: Array(changed), nowMs: now) }
        guard let old else { return }
        if kind == .group, old.body["displayName"] != new.body["displayName"] {
            try await tx.touchMembers(groupSeq: new.seq, nowMs: now)
        }
        if Self.memberDisplay(of: old) != Self.memberDisplay(of: new) {
            try await tx.touchGroups(memberSeq: new.seq, nowMs: now)
        }
    }

    /// What a resource shows as in a group's `members.display`: its displayName, else its userName.
    static func memberDisplay(of record: ResourceRecord) -> SCIMValue? {
        record.body["displayName"] ?? record.body["userName"]
    }

    func loadForWrite(
        _ kind: ResourceKind, id: String, tx: any StoreTransaction, info: RequestInfo, preconditions: Preconditions
    ) async throws -> ResourceRecord {
        guard let record = try await tx.resource(tenantID: info.tenant.id, type: kind.rawValue, id: id) else {
            throw SCIMError.notFound(resourceType: kind.rawValue, id: id)
        }
        try preconditions.check(version: record.version)
        return record
    }
}
