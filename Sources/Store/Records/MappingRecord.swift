/// "Members of group G get role R" or "… belong to organization O" (requirements §4). Both sides are
/// names, so a deleted and re-created role or organization satisfies the mapping again.
public struct MappingRecord: Sendable, Hashable {
    public var id: Int64
    public var kind: MappingKind
    /// The group's displayName or externalId, as the administrator wrote it.
    public var groupRef: String
    public var targetName: String
    /// Organization mappings only: the lowest number wins when a user is in several mapped groups.
    public var priority: Int
    public var createdMs: Int64

    public init(id: Int64, kind: MappingKind, groupRef: String, targetName: String, priority: Int, createdMs: Int64) {
        self.id = id
        self.kind = kind
        self.groupRef = groupRef
        self.targetName = targetName
        self.priority = priority
        self.createdMs = createdMs
    }
}
