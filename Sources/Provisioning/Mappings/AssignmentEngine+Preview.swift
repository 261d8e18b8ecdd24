import SCIM
import Store

extension AssignmentEngine {
    /// What adding `mapping` would change, computed by the rules `recompute` applies (the same
    /// `desiredState`, the same scope evaluation, against the same stored assignments) inside a
    /// read: nothing is written. Counted per member of the groups the mapping names.
    struct MappingEffect {
        /// Users in the mapped group(s).
        var members = 0
        /// Members the change reaches: role gained, or organization moved to the target.
        var gaining = 0
        /// Members out of sync scope: their assignment is kept and not updated (requirements §5).
        var outOfScope = 0
        /// Members who would get an "Unable to …" error instead (the target does not exist).
        var failing = 0
        /// Organization mappings: members whose organization another mapping with precedence decides.
        var overridden = 0
    }

    func preview(adding mapping: MappingRecord, tx: any StoreTransaction) async throws -> MappingEffect {
        let rules = try await ScopeRules.current(tenantID: tenantID, tx: tx)
        let before = try await Catalogue(tx: tx, tenantID: tenantID, rules: rules)
        var after = before
        after.mappings.append(mapping)
        var effect = MappingEffect()
        var seen = Set<Int64>()
        for seq in try await tx.memberSeqs(tenantID: tenantID, groupRef: mapping.groupRef) where seen.insert(seq).inserted {
            guard let user = try await tx.resource(seq: seq), user.type == ResourceKind.user.rawValue else { continue }
            effect.members += 1
            let groups = try await tx.groupIdentities(memberSeq: seq)
            let previous = try await tx.assignment(userSeq: seq)
                ?? AssignmentRecord(userSeq: seq, roles: [], organization: nil, suspended: false, updatedMs: 0)
            if catalogueRulesExclude(user, groups: groups, rules: rules) {
                effect.outOfScope += 1
                continue
            }
            let next = desiredState(groups: groups, catalogue: after, previous: previous)
            if next.problems.contains(where: { $0.mappingID == mapping.id }) {
                effect.failing += 1
                continue
            }
            switch mapping.kind {
            case .role:
                let key = caseFold(mapping.targetName)
                let had = previous.roles.contains { caseFold($0.role) == key }
                if !had, next.roles.contains(where: { caseFold($0.role) == key }) { effect.gaining += 1 }
            case .organization:
                if next.organizationMapping?.id != mapping.id {
                    effect.overridden += 1
                } else if next.organization != previous.organization {
                    effect.gaining += 1
                }
            }
        }
        return effect
    }

    /// Whether the scope rules hold the user out of scope (then `recompute` keeps its assignment).
    private func catalogueRulesExclude(_ user: ResourceRecord, groups: [GroupIdentity], rules: ScopeRules) -> Bool {
        rules.evaluate(ScopeSubject(body: user.body, schema: userSchema, groups: groups)).reason != nil
    }
}
