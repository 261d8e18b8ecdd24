import SCIM
import Store

/// Each tenant's sync-scope rules (requirements §5): read by the write path, the diagnostic
/// and provision on demand; changed by administrators, each change logged and followed by a
/// re-evaluation of every user of the tenant in bounded chunks (never one long transaction).
public final class ScopeService: Sendable {
    let store: any ProvisioningStore
    let clock: ProvisioningClock
    let userSchema: ResourceSchema
    let mappings: MappingService

    init(store: any ProvisioningStore, clock: ProvisioningClock, userSchema: ResourceSchema, mappings: MappingService) {
        self.store = store
        self.clock = clock
        self.userSchema = userSchema
        self.mappings = mappings
    }

    /// The tenant's rules, and whether they are the defaults because none were saved.
    public func rules(tenant: TenantRecord) async throws -> (rules: ScopeRules, isDefault: Bool) {
        try await store.read { tx in
            let saved = try await tx.scopeRules(tenantID: tenant.id) != nil
            return (try await ScopeRules.current(tenantID: tenant.id, tx: tx), !saved)
        }
    }

    /// Applies `change` to the tenant's current rules and saves the result: logged as
    /// `scope-update` with the rules before and after, then every user is re-evaluated (the
    /// first chunk in this transaction, the rest by a recompute job). Saving rules equal to the
    /// current ones changes nothing and logs nothing.
    @discardableResult
    public func update(info: RequestInfo, _ change: @Sendable (inout ScopeRules) throws -> Void) async throws
        -> (old: ScopeRules, new: ScopeRules)
    {
        try await store.write { tx in
            let old = try await ScopeRules.current(tenantID: info.tenant.id, tx: tx)
            let saved = try await tx.scopeRules(tenantID: info.tenant.id) != nil
            var new = old
            try change(&new)
            do throws(SCIMError) {
                try new.validate(against: self.userSchema)
            } catch {
                throw AdminError(.invalid, error.detail)
            }
            if new == old && saved { return (old, new) }
            try await tx.saveScopeRules(new.storedText, tenantID: info.tenant.id, nowMs: self.clock.nowMs())
            let reason = "Changed sync scope rules: " + Self.difference(old, new)
            let engine = AssignmentEngine(tenantID: info.tenant.id, info: info, clock: self.clock, userSchema: self.userSchema)
            var scope = RecomputeScope(groupRefs: [])
            scope.allUsers = true
            try await self.mappings.logAndRecompute("scope-update", reason, scope: scope, tx: tx, engine: engine, info: info)
            return (old, new)
        }
    }

    /// "required emails[…].value, name.givenName → none; department: none → [Sales, Support]".
    static func difference(_ old: ScopeRules, _ new: ScopeRules) -> String {
        var parts: [String] = []
        if old.required != new.required {
            parts.append("required \(describe(old.required)) → \(describe(new.required))")
        }
        for criterion in ScopeCriterion.allCases where old.criteria[criterion] != new.criteria[criterion] {
            parts.append(
                "\(criterion.rawValue): \(old.criteria[criterion]?.description ?? "none") → \(new.criteria[criterion]?.description ?? "none")")
        }
        return parts.isEmpty ? "saved unchanged (\(new.lines.joined(separator: "; ")))" : parts.joined(separator: "; ")
    }

    private static func describe(_ paths: [String]) -> String { paths.isEmpty ? "none" : paths.joined(separator: ", ") }
}
