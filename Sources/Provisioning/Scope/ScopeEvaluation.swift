/// The outcome of checking one user against a tenant's scope rules: one line per rule, met or
/// not, with the user's value (what `scimctl diagnose` prints).
public struct ScopeEvaluation: Sendable, Hashable, Codable {
    public var checks: [ScopeCheck]

    public init(checks: [ScopeCheck]) { self.checks = checks }

    /// In scope when every rule is met.
    public var inScope: Bool { checks.allSatisfy(\.met) }
    public var failures: [ScopeCheck] { checks.filter { !$0.met } }
    /// The first required attribute the user lacks, if any.
    public var missingRequired: ScopeCheck? { checks.first { $0.kind == .required && !$0.met } }

    /// Why the user is out of scope, one sentence part per failed rule; nil when in scope.
    public var reason: String? {
        let failed = failures
        return failed.isEmpty ? nil : failed.map(\.explanation).joined(separator: "; ")
    }
}

/// One rule checked against one user.
public struct ScopeCheck: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A required attribute.
        case required
        /// An inclusion criterion.
        case criterion
    }

    public var kind: Kind
    /// The attribute path or the criterion name.
    public var name: String
    /// The rule as the administrator configured it, e.g. `department in [Sales, Support]`.
    public var rule: String
    /// What the rule admits: `a value`, `any value`, or the allowed set `[Sales, Support]`.
    public var expected: String
    public var met: Bool
    /// The user's values the rule looked at (empty: none).
    public var values: [String]

    public init(kind: Kind, name: String, rule: String, expected: String, met: Bool, values: [String]) {
        self.kind = kind
        self.name = name
        self.rule = rule
        self.expected = expected
        self.met = met
        self.values = values
    }

    /// A sentence part saying what the user has against the rule.
    public var explanation: String {
        let value = values.isEmpty ? "none" : values.map { "'\($0)'" }.joined(separator: ", ")
        switch (kind, met) {
        case (.required, true): return "\(name) is \(value)"
        case (.required, false): return "required attribute \(name) is missing"
        case (.criterion, true): return "\(name) \(value) meets \(rule)"
        case (.criterion, false):
            return values.isEmpty ? "\(name) has no value (rule: \(rule))" : "\(name) \(value) is not in \(expected)"
        }
    }
}
