import SCIM
import Store

extension ResourceService {
    /// Appends the events one resource write announces, in the write's transaction (requirements
    /// §8): `old` is nil for a create, `new` nil for a delete; `changes` is the sync-log entry's
    /// `ChangeSet`, so events and log agree on what changed. `user.provisioned` and
    /// `assignment.changed` come from the assignment recompute, which knows the sync scope.
    func announce(
        _ kind: ResourceKind, old: ResourceRecord?, new: ResourceRecord?, changes: [AttributeChange], tx: any StoreTransaction,
        info: RequestInfo
    ) async throws {
        let events = EventWriter(info: info, clock: clock)
        guard let new else {
            if let old { try await events.append(kind == .user ? .userDeleted : .groupDeleted, about: old, tx: tx) }
            return
        }
        guard let old else {
            try await events.append(kind == .user ? .userCreated : .groupCreated, about: new, tx: tx)
            try await announceMembers(group: new, changes: changes, events: events, tx: tx, tenantID: info.tenant.id)
            return
        }
        guard !changes.isEmpty else { return }
        var extra = SCIMObject()
        extra["changedAttributes"] = .array(changes.map { .string($0.attribute) })
        try await events.append(kind == .user ? .userUpdated : .groupUpdated, about: new, extra: extra, tx: tx)
        if kind == .user {
            // RFC 7643 §4.1.1: `active` absent means the user is not known to be inactive.
            let wasActive = old.body["active"]?.boolValue != false
            let isActive = new.body["active"]?.boolValue != false
            if wasActive != isActive {
                try await events.append(isActive ? .userReactivated : .userDeactivated, about: new, tx: tx)
            }
        }
        try await announceMembers(group: new, changes: changes, events: events, tx: tx, tenantID: info.tenant.id)
    }

    /// One `group.user_added` / `group.user_removed` per user in the `members` change; nested
    /// groups are members too but no user joined, so they announce nothing of their own.
    private func announceMembers(
        group: ResourceRecord, changes: [AttributeChange], events: EventWriter, tx: any StoreTransaction, tenantID: Int64
    ) async throws {
        guard group.type == ResourceKind.group.rawValue,
            let members = changes.first(where: { $0.attribute == "members" })
        else { return }
        let groupIdentity = SCIMValue.object(EventWriter.identity(group))
        for (type, ids) in [(EventType.groupUserAdded, members.added), (.groupUserRemoved, members.removed)] {
            for id in ids.compactMap(\.stringValue) {
                guard let user = try await tx.resource(tenantID: tenantID, type: ResourceKind.user.rawValue, id: id) else { continue }
                var data = SCIMObject()
                data["group"] = groupIdentity
                data["user"] = .object(EventWriter.identity(user))
                try await events.append(type, about: group, extra: data, identified: false, tx: tx)
            }
        }
    }
}
