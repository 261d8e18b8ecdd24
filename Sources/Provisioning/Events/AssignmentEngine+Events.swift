import SCIM
import Store

extension AssignmentEngine {
    /// `user.provisioned` for a user the recompute found in sync scope, the first time only
    /// (`EventStore.markProvisioned`); called when the user was just written or has just come
    /// back into scope, the only moments a user can become provisioned.
    func announceProvisioned(_ user: ResourceRecord, tx: any StoreTransaction) async throws {
        try await EventWriter(info: info, clock: clock).provisioned(user, tx: tx)
    }

    /// `user.provisioned` for written users when no scope rule applies (the recompute skipped them).
    func announceProvisioned(_ userSeqs: some Sequence<Int64>, tx: any StoreTransaction) async throws {
        for seq in userSeqs {
            guard let user = try await tx.resource(seq: seq), user.type == ResourceKind.user.rawValue else { continue }
            try await announceProvisioned(user, tx: tx)
        }
    }

    /// `assignment.changed` when the user's role names or organization differ (a role that now
    /// comes through another group is the same role and announces nothing).
    func announceAssignment(
        _ user: ResourceRecord, previous: AssignmentRecord, next: AssignmentRecord, tx: any StoreTransaction
    ) async throws {
        let before = previous.roles.map(\.role)
        let after = next.roles.map(\.role)
        guard Set(before) != Set(after) || previous.organization != next.organization else { return }
        func roles(_ names: [String]) -> SCIMValue { .array(names.sorted().map { .string($0) }) }
        func organization(_ name: String?) -> SCIMValue { name.map { .string($0) } ?? .null }
        var data = SCIMObject()
        data["roles"] = ["before": roles(before), "after": roles(after)]
        data["organization"] = ["before": organization(previous.organization), "after": organization(next.organization)]
        try await EventWriter(info: info, clock: clock).append(.assignmentChanged, about: user, extra: data, tx: tx)
    }
}
