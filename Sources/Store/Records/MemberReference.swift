/// A reference from a group to a member or from a user to a group.
public struct MemberReference: Sendable, Hashable {
    public var seq: Int64
    public var id: String
    public var type: String
    public var display: String?
}
