import SCIM
import Store

extension ResourceService {
    /// The member ids of a validated `members` value (objects with a string `value`).
    func memberValues(_ value: SCIMValue?) throws -> [String] {
        guard let value else { return [] }
        guard case .array(let elements) = value else { throw SCIMError.invalidValue("'members' must be an array") }
        return try elements.map { element in
            guard let id = element["value"]?.stringValue, !id.isEmpty else {
                throw SCIMError.invalidValue("Each member needs a 'value' holding the member's id")
            }
            return id
        }
    }

    /// Looks up member ids in the tenant; any id that names nothing is a 400 naming it.
    func resolveMembers(_ ids: [String], tx: any StoreTransaction, tenantID: Int64) async throws -> [MemberReference] {
        let found = try await tx.references(tenantID: tenantID, ids: ids)
        let missing = ids.filter { found[$0] == nil }
        if !missing.isEmpty {
            let list = missing.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            throw SCIMError.invalidValue(
                "Member \(list)\(missing.count > 5 ? " and \(missing.count - 5) more" : "") does not exist; create the user or group first")
        }
        var seen = Set<String>()
        return ids.compactMap { seen.insert($0).inserted ? found[$0] : nil }
    }

    /// Makes the membership exactly `ids`, touching only the rows that differ.
    func replaceMembers(groupSeq: Int64, with ids: [String], tx: any StoreTransaction, tenantID: Int64) async throws
        -> MemberDelta
    {
        let wanted = try await resolveMembers(ids, tx: tx, tenantID: tenantID)
        let current = try await tx.members(groupSeq: groupSeq)
        let wantedSeqs = Set(wanted.map(\.seq))
        let currentSeqs = Set(current.map(\.seq))
        let toRemove = current.filter { !wantedSeqs.contains($0.seq) }
        let toAdd = wanted.filter { !currentSeqs.contains($0.seq) }
        _ = try await tx.removeMembers(groupSeq: groupSeq, memberSeqs: toRemove.map(\.seq))
        _ = try await tx.addMembers(groupSeq: groupSeq, memberSeqs: toAdd.map(\.seq))
        return MemberDelta(
            change: AttributeChange(attribute: "members", added: toAdd.map { .string($0.id) }, removed: toRemove.map { .string($0.id) }),
            affected: Set((toAdd + toRemove).map(\.seq)))
    }

    /// Applies PATCH steps on `members` row by row, so a change costs what it changes (requirements §2).
    func applyMemberSteps(_ steps: [MemberPatchStep], groupSeq: Int64, tx: any StoreTransaction, tenantID: Int64)
        async throws -> MemberDelta
    {
        var added: [String] = []
        var removed: [String] = []
        var affected = Set<Int64>()
        for step in steps {
            switch step {
            case .add(let elements):
                let refs = try await resolveMembers(try memberValues(.array(elements.map { .object($0) })), tx: tx, tenantID: tenantID)
                let seqs = Set(try await tx.addMembers(groupSeq: groupSeq, memberSeqs: refs.map(\.seq)))
                added += refs.filter { seqs.contains($0.seq) }.map(\.id)
                affected.formUnion(seqs)
            case .remove(let ids):
                // Removing a member that is not there (or no longer exists) is not an error: retries stay idempotent.
                let refs = try await tx.references(tenantID: tenantID, ids: ids).values
                let seqs = Set(try await tx.removeMembers(groupSeq: groupSeq, memberSeqs: refs.map(\.seq)))
                removed += refs.filter { seqs.contains($0.seq) }.map(\.id)
                affected.formUnion(seqs)
            case .removeMatching(let filter):
                let scope = FilterScope.complex(
                    groupSchema.core.attribute(named: "members")
                        ?? AttributeDefinition(name: "members", type: .complex, multiValued: true))
                let matching = try await tx.members(groupSeq: groupSeq).filter { member in
                    var o = SCIMObject()
                    o["value"] = .string(member.id)
                    o["type"] = .string(member.type)
                    if let display = member.display { o["display"] = .string(display) }
                    return filter.matches(o, in: scope)
                }
                _ = try await tx.removeMembers(groupSeq: groupSeq, memberSeqs: matching.map(\.seq))
                removed += matching.map(\.id)
                affected.formUnion(matching.map(\.seq))
            case .removeAll:
                let all = try await tx.members(groupSeq: groupSeq)
                _ = try await tx.removeAllMembers(groupSeq: groupSeq)
                removed += all.map(\.id)
                affected.formUnion(all.map(\.seq))
            case .replace(let elements):
                let delta = try await replaceMembers(
                    groupSeq: groupSeq, with: try memberValues(.array(elements.map { .object($0) })), tx: tx, tenantID: tenantID)
                added += delta.change.added.compactMap(\.stringValue)
                removed += delta.change.removed.compactMap(\.stringValue)
                affected.formUnion(delta.affected)
            }
        }
        return MemberDelta(
            change: AttributeChange(attribute: "members", added: added.map { .string($0) }, removed: removed.map { .string($0) }),
            affected: affected)
    }

    /// Recomputes effective roles and organizations of these users in the caller's transaction;
    /// `written` when they are the users the request wrote (see `AssignmentEngine.recompute`).
    func recomputeAssignments(
        _ userSeqs: some Sequence<Int64>, tx: any StoreTransaction, info: RequestInfo, written: Bool = false
    ) async throws {
        try await AssignmentEngine(tenantID: info.tenant.id, info: info, clock: clock, userSchema: userSchema)
            .recompute(userSeqs, tx: tx, written: written)
    }
}

/// A membership change: what the log shows, and whose assignments to recompute.
struct MemberDelta {
    var change: AttributeChange
    var affected: Set<Int64>
}
