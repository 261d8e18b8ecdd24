/// Each tenant's sync-scope rules (requirements §5), kept as one opaque JSON document: the
/// service layer owns their meaning, the store only keeps them with the tenant.
///
/// Contract: `scopeRules(tenantID:)` is nil until rules are saved for the tenant; saving
/// replaces the previous document. Rules go when their tenant is deleted.
public protocol ScopeRuleStore {
    /// The tenant's saved rules document, or nil when the tenant uses the defaults.
    func scopeRules(tenantID: Int64) async throws -> String?
    /// Saves (inserts or replaces) the tenant's rules document.
    func saveScopeRules(_ rules: String, tenantID: Int64, nowMs: Int64) async throws
}
