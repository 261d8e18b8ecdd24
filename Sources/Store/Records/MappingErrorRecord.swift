/// An open "Unable to …" error: a mapping that applies to a user but cannot be carried out.
public struct MappingErrorRecord: Sendable, Hashable {
    public var id: Int64
    public var userSeq: Int64
    public var kind: MappingKind
    public var groupKey: String
    public var groupName: String
    public var targetKey: String
    public var targetName: String
    public var mappingID: Int64?
    /// Why: the target is missing, or the mapping was deleted.
    public var reason: String
    /// The sync-log entry that reported it, so its resolution can point back to it.
    public var logSeq: Int64
    public var createdMs: Int64
    /// The user's userName, when the query that read the error joined it.
    public var userName: String?
    public init(
        id: Int64 = 0, userSeq: Int64, kind: MappingKind, groupKey: String, groupName: String, targetKey: String,
        targetName: String, mappingID: Int64?, reason: String, logSeq: Int64, createdMs: Int64
    ) {
        self.id = id
        self.userSeq = userSeq
        self.kind = kind
        self.groupKey = groupKey
        self.groupName = groupName
        self.targetKey = targetKey
        self.targetName = targetName
        self.mappingID = mappingID
        self.reason = reason
        self.logSeq = logSeq
        self.createdMs = createdMs
        self.userName = nil
    }
}
