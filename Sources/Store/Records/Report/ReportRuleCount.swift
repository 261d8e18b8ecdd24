/// One scope rule that users failed in a period: how many entries named it, and how many users.
public struct ReportRuleCount: Sendable, Hashable {
    public var rule: String
    public var entries: Int
    public var users: Int

    public init(rule: String, entries: Int, users: Int) {
        self.rule = rule
        self.entries = entries
        self.users = users
    }
}
