import SCIM
import Store

/// Users an administrator manages in scimd itself (requirements §9, source of truth): created
/// here with source `local`, then updated, deactivated, activated and deleted here. A user the
/// identity provider provisioned (source `scim`) is managed there: every local change to its
/// attributes or active state, and its deletion, is refused with a sentence naming where to make
/// it, so scimd never drifts from the directory that would overwrite it on its next cycle.
///
/// Each change runs in one transaction with its sync-log entry (operation `local-…`, client the
/// admin token's name or "scimctl", the changes old → new) and the assignment recompute, like
/// a SCIM write; a refusal is logged by `logged`, the one place refusals are recorded.
///
/// When the identity provider writes to a local user (Entra matches an existing account by
/// userName and PATCHes it, RFC 7644 §3.5.2), the write is applied and the user is adopted:
/// its source becomes `scim` (see `adoptIfLocal`).
extension ResourceService {
    /// Creates a user managed in scimd (source `local`), checked like a SCIM create (RFC 7644 §3.3):
    /// schema, uniqueness of userName, and the tenant's required attributes (requirements §5).
    public func createLocalUser(_ input: SCIMObject, info: RequestInfo) async throws -> RenderedResource {
        let info = Self.local(.create, info)
        return try await logged(RefusalSubject(.create, .user), info: info) { subject in
            subject.note(input, kind: .user)
            try await requireLocalScopeAttributes(input, tenantID: info.tenant.id)
            return try await insert(.user, input, info: info, source: .local)
        }
    }

    /// Applies a PatchOp (RFC 7644 §3.5.2) to a local user found by id, userName or externalId.
    public func updateLocalUser(key: String, request: SCIMValue, info: RequestInfo) async throws -> RenderedResource {
        let engine = PatchEngine(schema: userSchema, limits: .default)
        return try await localChange(.update, key: key, info: info) { existing in
            // Parsed here, inside the logged change, so a malformed request is a logged refusal too.
            let patched = try engine.apply(try PatchRequest.parse(request), to: existing.body)
            return try ResourceValidator(schema: self.userSchema).validate(patched, mode: .patched(existing: existing.body))
        }
    }

    /// Sets `active` (RFC 7643 §4.1.1) of a local user: inactive suspends its roles and
    /// organization, active restores them (requirements §9).
    public func setLocalUserActive(key: String, active: Bool, info: RequestInfo) async throws -> RenderedResource {
        try await localChange(active ? .activate : .deactivate, key: key, info: info) { existing in
            var body = existing.body
            body["active"] = .bool(active)
            return body
        }
    }

    /// Deletes a local user (RFC 7644 §3.6): its memberships and assignment go with it.
    public func deleteLocalUser(key: String, info: RequestInfo) async throws {
        let info = Self.local(.delete, info)
        try await logged(RefusalSubject(.delete, .user), info: info) { subject in
            let found = try await findForLocalChange(key: key, subject: &subject, info: info)
            try await store.write { tx in
                let existing = try await current(found, tx: tx, key: key, info: info)
                guard existing.source == .local else { throw Self.managedByIdentityProvider(existing, .delete) }
                // The groups holding it lose a member (RFC 7644 §3.14).
                try await tx.touchGroups(memberSeq: existing.seq, nowMs: clock.nowMs())
                try await tx.deleteResource(seq: existing.seq)
                try await tx.appendLog(entry(.delete, .user, record: existing, changes: [], info: info))
                try await announce(.user, old: existing, new: nil, changes: [], tx: tx, info: info)
            }
        }
    }

    // MARK: Shared steps

    /// Finds the user, refuses a synced one, writes `newBody(existing)`, logs and recomputes.
    private func localChange(
        _ operation: LocalUserOperation, key: String, info: RequestInfo,
        _ newBody: @escaping @Sendable (ResourceRecord) throws -> SCIMObject
    ) async throws -> RenderedResource {
        let info = Self.local(operation, info)
        return try await logged(RefusalSubject(operation.syncOperation, .user), info: info) { subject in
            let found = try await findForLocalChange(key: key, subject: &subject, info: info)
            return try await store.write { tx in
                let existing = try await current(found, tx: tx, key: key, info: info)
                guard existing.source == .local else {
                    // Name what the change would touch, so the sentence says what to change where.
                    let attempted = (try? newBody(existing)).map { ChangeSet.between(old: existing.body, new: $0) } ?? []
                    throw Self.managedByIdentityProvider(existing, operation, attempted: attempted)
                }
                let body = try newBody(existing)
                let changes = ChangeSet.between(old: existing.body, new: body)
                var record = existing
                if body != existing.body {
                    record = try await tx.updateResource(
                        seq: existing.seq, body: body, keys: IndexKeys.derive(type: ResourceKind.user.rawValue, body: body),
                        nowMs: clock.nowMs())
                }
                try await tx.appendLog(
                    entry(.patch, .user, record: record, changes: changes, info: info, message: Self.summary(operation, record, changes)))
                try await announce(.user, old: existing, new: record, changes: changes, tx: tx, info: info)
                try await touchDependents(.user, old: existing, new: record, membersChanged: [], tx: tx)
                // Activation suspends or restores the assignment (requirements §9).
                try await recomputeAfterWrite(.user, old: existing, new: record, members: [], tx: tx, info: info)
                return try await renderCurrent(.user, id: existing.id, tx: tx, info: info, options: .all)
            }
        }
    }

    /// The user an administrator names, noted in the refusal subject so a refused change is
    /// logged under the user's id and name.
    private func findForLocalChange(key: String, subject: inout RefusalSubject, info: RequestInfo) async throws -> ResourceRecord {
        let found = try await store.read { tx in
            try await ResourceLookup.find(.user, key: key, tenantID: info.tenant.id, schema: self.userSchema, tx: tx)
        }
        guard let found else { throw Self.noSuchUser(key, tenant: info.tenant) }
        subject.id = found.id
        subject.note(found.body, kind: .user)
        return found
    }

    /// The user as it is now, inside the write (it may have changed since it was looked up).
    private func current(_ found: ResourceRecord, tx: any StoreTransaction, key: String, info: RequestInfo) async throws
        -> ResourceRecord
    {
        guard let record = try await tx.resource(tenantID: info.tenant.id, type: ResourceKind.user.rawValue, id: found.id) else {
            throw Self.noSuchUser(key, tenant: info.tenant)
        }
        return record
    }

    /// A local create lacking an attribute the tenant's scope rules require, refused with the
    /// option that supplies it (the SCIM create's message points at the identity provider).
    private func requireLocalScopeAttributes(_ input: SCIMObject, tenantID: Int64) async throws {
        let rules = try await store.read { try await ScopeRules.current(tenantID: tenantID, tx: $0) }
        guard !rules.required.isEmpty else { return }
        let missing = rules.requiredChecks(ScopeSubject(body: input, schema: userSchema, groups: [])).filter { !$0.met }
        guard !missing.isEmpty else { return }
        let names = missing.map(\.name)
        var options: [String] = []
        for option in names.compactMap(Self.createOption) where !options.contains(option) { options.append(option) }
        let them = names.count > 1 ? "them" : "it"
        throw SCIMError.invalidValue(
            "Required attribute\(names.count > 1 ? "s" : "") \(LocalUserOperation.list(names)) \(names.count > 1 ? "are" : "is") missing: "
                + "this tenant's sync scope rules require \(rules.required.joined(separator: ", ")). Give \(them)"
                + (options.isEmpty ? "" : " (scimctl users create \(options.joined(separator: ", ")))")
                + ", or change the rules with `scimctl scope require`.")
    }

    /// The `scimctl users create` option that sets a required attribute, when there is one.
    private static func createOption(_ path: String) -> String? {
        let folded = caseFold(path)
        if folded.hasPrefix("emails") { return "--email" }
        if folded == "name.givenname" { return "--given-name" }
        if folded == "name.familyname" { return "--family-name" }
        if folded == "displayname" { return "--display-name" }
        if folded == "externalid" { return "--external-id" }
        return nil
    }

    private static func local(_ operation: LocalUserOperation, _ info: RequestInfo) -> RequestInfo {
        var info = info
        info.origin = operation.rawValue
        return info
    }

    private static func noSuchUser(_ key: String, tenant: TenantRecord) -> SCIMError {
        SCIMError.notFound(ResourceLookup.notFound(.user, key: key, tenant: tenant).message)
    }

    /// 409: the identity provider owns this user (requirements §9); the sentence says where to change it.
    static func managedByIdentityProvider(
        _ record: ResourceRecord, _ operation: LocalUserOperation, attempted: [AttributeChange] = []
    ) -> SCIMError {
        let name = record.body["userName"]?.stringValue ?? record.id
        let attributes = attempted.map { change in
            // "urn:…:enterprise:2.0:User:department" reads as "department".
            change.attribute.hasPrefix("urn:") ? String(change.attribute.split(separator: ":").last ?? "") : change.attribute
        }
        return SCIMError.conflict(
            "User '\(name)' is managed by the identity provider (source: \(record.source.rawValue)); "
                + "\(operation.remedy(changing: attributes)), not in scimd.")
    }

    /// The log entry's message: what was done, and to which attributes.
    private static func summary(_ operation: LocalUserOperation, _ record: ResourceRecord, _ changes: [AttributeChange]) -> String {
        let name = "user '\(record.body["userName"]?.stringValue ?? record.id)'"
        let unchanged = changes.isEmpty ? " (no changes)" : ""
        switch operation {
        case .deactivate: return "Deactivated local \(name)\(unchanged): its roles and organization are suspended"
        case .activate: return "Activated local \(name)\(unchanged)"
        default:
            return "Updated local \(name)" + (changes.isEmpty ? " (no changes)" : ": " + changes.map(\.attribute).joined(separator: ", "))
        }
    }
}
