/// Open mapping errors that share kind, group, target and reason, and how many users they touch.
public struct ReportMappingErrorGroup: Sendable, Hashable {
    public var kind: MappingKind
    public var groupName: String
    public var targetName: String
    public var reason: String
    public var mappingID: Int64?
    public var users: Int
    /// The oldest of them, and one user's userName as an example.
    public var oldestMs: Int64
    public var exampleUser: String?

    public init(
        kind: MappingKind, groupName: String, targetName: String, reason: String, mappingID: Int64?, users: Int, oldestMs: Int64,
        exampleUser: String?
    ) {
        self.kind = kind
        self.groupName = groupName
        self.targetName = targetName
        self.reason = reason
        self.mappingID = mappingID
        self.users = users
        self.oldestMs = oldestMs
        self.exampleUser = exampleUser
    }
}
