import SCIM
import Store

extension MappingService {
    /// `addMapping`'s effect with the same arguments, validated the same way, in a read
    /// transaction: the preview never writes, so it may run while provisioning goes on.
    public func previewMapping(kind: MappingKind, group: String, target: String, priority: Int = 100, info: RequestInfo)
        async throws -> MappingPreview
    {
        let group = try Self.validName(group, what: "group")
        let target = try Self.validName(target, what: kind == .role ? "role" : "organization")
        guard (0...1_000_000).contains(priority) else { throw AdminError(.invalid, "--priority must be between 0 and 1000000.") }
        let engine = AssignmentEngine(tenantID: info.tenant.id, info: info, clock: clock, userSchema: userSchema)
        return try await store.read { tx in
            let existing = try await tx.mappings(tenantID: info.tenant.id)
            let duplicate = existing.contains {
                $0.kind == kind && caseFold($0.groupRef) == caseFold(group) && caseFold($0.targetName) == caseFold(target)
            }
            let targetExists =
                kind == .role
                ? try await tx.roles(tenantID: info.tenant.id).contains { caseFold($0.name) == caseFold(target) }
                : try await tx.organizations(tenantID: info.tenant.id).contains { caseFold($0.name) == caseFold(target) }
            // A mapping added now is the newest: on a priority tie every existing one precedes it.
            let candidate = MappingRecord(
                id: Int64.max, kind: kind, groupRef: group, targetName: target, priority: priority, createdMs: self.clock.nowMs())
            let effect = duplicate ? AssignmentEngine.MappingEffect() : try await engine.preview(adding: candidate, tx: tx)
            return MappingPreview(
                kind: kind, group: group, target: target, priority: priority, targetExists: targetExists, duplicate: duplicate,
                members: effect.members, gaining: effect.gaining, outOfScope: effect.outOfScope, failing: effect.failing,
                overridden: effect.overridden,
                summary: Self.previewSummary(kind: kind, group: group, target: target, duplicate: duplicate, effect: effect))
        }
    }

    static func previewSummary(kind: MappingKind, group: String, target: String, duplicate: Bool, effect: AssignmentEngine.MappingEffect)
        -> String
    {
        if duplicate { return "Group '\(group)' is already mapped to \(kind.rawValue) '\(target)'; saving would change nothing." }
        func users(_ n: Int) -> String { n == 1 ? "1 user" : "\(n) users" }
        var parts: [String] = []
        switch kind {
        case .role: parts.append("\(users(effect.gaining)) will gain role '\(target)'.")
        case .organization: parts.append("\(users(effect.gaining)) will move to organization '\(target)'.")
        }
        if effect.members == 0 { parts.append("No user is in a group named '\(group)' now.") }
        if effect.failing > 0 {
            parts.append("\(users(effect.failing)) will get a mapping error: \(kind.rawValue) '\(target)' does not exist.")
        }
        if effect.outOfScope > 0 { parts.append("\(users(effect.outOfScope)) out of sync scope will not change.") }
        if effect.overridden > 0 { parts.append("For \(users(effect.overridden)) a mapping with a lower priority number decides the organization.") }
        return parts.joined(separator: " ")
    }
}
