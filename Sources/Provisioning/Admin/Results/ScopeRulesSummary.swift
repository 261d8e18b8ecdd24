/// A tenant's sync-scope rules as `scimctl scope show` and `GET /admin/v1/scope` give them.
public struct ScopeRulesSummary: Encodable, Sendable, Equatable {
    public var tenant: String
    /// True while the tenant has never saved rules and uses the defaults.
    public var isDefault: Bool
    /// Required attribute paths, in order.
    public var required: [String]
    /// Each configured criterion: `"all"` or the allowed values.
    public var criteria: [String: AllowedValues]
    /// One line per rule, as the sync log and the diagnostic word them.
    public var lines: [String]
    /// After a change: true while a recompute job still re-evaluates some of the tenant's users
    /// (the first chunk was done in the change's own transaction).
    public var reevaluationPending: Bool?

    init(tenant: String, rules: ScopeRules, isDefault: Bool, reevaluationPending: Bool? = nil) {
        self.tenant = tenant
        self.isDefault = isDefault
        required = rules.required
        criteria = Dictionary(uniqueKeysWithValues: rules.orderedCriteria.map { ($0.0.rawValue, $0.1) })
        lines = rules.lines
        self.reevaluationPending = reevaluationPending
    }
}
