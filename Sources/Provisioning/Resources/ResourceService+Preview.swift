import SCIM
import Store

/// What a create or replace would store and change, computed by the write path's own checks
/// inside a caller's read transaction, writing nothing (provision on demand's dry run).
struct WritePreview {
    /// The body as it would be stored (validated and normalized, without `members`).
    var body: SCIMObject
    /// The attribute changes the sync-log entry would record, members included.
    var changes: [AttributeChange]
}

extension ResourceService {
    /// Runs the checks `insert` (no `existing`) or `overwrite` (with it) runs — the validator,
    /// the scope rules' required attributes, member resolution, name uniqueness — and returns
    /// the body and changes, or throws the `SCIMError` the SCIM request would get.
    func preview(_ kind: ResourceKind, _ input: SCIMObject, existing: ResourceRecord?, tx: any StoreTransaction, tenantID: Int64)
        async throws -> WritePreview
    {
        let mode: ResourceValidator.Mode = existing.map { .replace(existing: $0.body) } ?? .create
        var body = try ResourceValidator(schema: schema(kind)).validate(input, mode: mode)
        if kind == .user { try await requireScopeAttributes(body, tx: tx, tenantID: tenantID) }
        let members = try memberValues(body.removeValue(forKey: "members"))
        // RFC 7643 §4.1.1 / §4.2: userName and displayName are unique; the store refuses a duplicate.
        let keys = IndexKeys.derive(type: kind.rawValue, body: body)
        if let holder = try await tx.resource(tenantID: tenantID, type: kind.rawValue, nameKey: keys.nameKey), holder.id != existing?.id {
            // The same detail the store's duplicate becomes (`SCIMError.from`).
            throw SCIMError.uniqueness("A \(kind.rawValue) with this \(kind.nameAttribute) already exists")
        }
        var changes = ChangeSet.between(old: existing?.body ?? SCIMObject(), new: body)
        // A SCIM write adopts a local user (`adoptIfLocal`): the source change is part of the write.
        if let existing, existing.source == .local {
            changes.append(
                AttributeChange(
                    attribute: Self.sourceAttribute, old: .string(ResourceSource.local.rawValue), new: .string(ResourceSource.scim.rawValue)))
        }
        if kind == .group {
            let wanted = try await resolveMembers(members, tx: tx, tenantID: tenantID)
            var current: [MemberReference] = []
            if let existing { current = try await tx.members(groupSeq: existing.seq) }
            let wantedSeqs = Set(wanted.map(\.seq))
            let currentSeqs = Set(current.map(\.seq))
            let change = AttributeChange(
                attribute: "members", added: wanted.filter { !currentSeqs.contains($0.seq) }.map { .string($0.id) },
                removed: current.filter { !wantedSeqs.contains($0.seq) }.map { .string($0.id) })
            if !change.isEmpty { changes.append(change) }
        }
        return WritePreview(body: body, changes: changes)
    }
}
