/// The eligibility of a group's members: `scimctl diagnose --group G` and
/// `GET /admin/v1/diagnose?group=G`. Counts cover every member; `members` lists at most
/// `GroupDiagnostics.maxRows` of them (`truncated` says when more exist).
public struct GroupDiagnosis: Encodable, Sendable {
    /// The group as stored.
    public struct Group: Encodable, Sendable, Equatable {
        public var id: String
        public var displayName: String
        @Nullable public var externalId: String?
    }

    /// One member user and the rules it fails.
    public struct Member: Encodable, Sendable, Equatable {
        public var id: String
        public var userName: String
        public var active: Bool
        public var inScope: Bool
        /// The failed rules, as configured (`department in [Sales, Support]`).
        public var failed: [String]
    }

    /// How many members fail one rule, grouped by the rule (not by the value).
    public struct RuleCount: Encodable, Sendable, Equatable {
        public var rule: String
        public var count: Int
        /// "41 of 300 members: department not in [Sales, Support]".
        public var summary: String
    }

    public var tenant: String
    public var group: Group
    /// Direct members that are users (the ones scope rules apply to).
    public var users: Int
    /// Direct members that are groups (nested groups are not expanded).
    public var groups: Int
    public var inScope: Int
    public var outOfScope: Int
    public var inactive: Int
    /// One entry per failed rule, most frequent first.
    public var failedRules: [RuleCount]
    public var members: [Member]
    public var truncated: Bool
    /// The current rules, one line each.
    public var rules: [String]
}
