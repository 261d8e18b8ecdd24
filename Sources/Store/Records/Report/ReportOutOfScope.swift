/// The `skipped` (out of sync scope) entries of a period, in total and per failed rule.
public struct ReportOutOfScope: Sendable, Hashable {
    public var entries: Int
    public var users: Int
    public var rules: [ReportRuleCount]

    public init(entries: Int, users: Int, rules: [ReportRuleCount]) {
        self.entries = entries
        self.users = users
        self.rules = rules
    }
}
