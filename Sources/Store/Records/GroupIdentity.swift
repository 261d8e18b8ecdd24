/// A group as mappings see it: its names, to match `groupRef`.
public struct GroupIdentity: Sendable, Hashable {
    public var seq: Int64
    public var displayName: String
    public var externalID: String?

    public init(seq: Int64, displayName: String, externalID: String?) {
        self.seq = seq
        self.displayName = displayName
        self.externalID = externalID
    }
}
