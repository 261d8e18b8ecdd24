import SCIM

/// A stored User or Group: its body without `id`, `meta`, `members` or `groups`.
public struct ResourceRecord: Sendable {
    /// Store-internal row number; stable creation order for paging.
    public var seq: Int64
    public var type: String
    public var id: String
    public var body: SCIMObject
    public var version: Int64
    public var createdMs: Int64
    public var modifiedMs: Int64
    /// Who manages it: the identity provider (`scim`) or scimd's administrators (`local`).
    public var source: ResourceSource

    public init(
        seq: Int64, type: String, id: String, body: SCIMObject, version: Int64, createdMs: Int64, modifiedMs: Int64,
        source: ResourceSource = .scim
    ) {
        self.seq = seq
        self.type = type
        self.id = id
        self.body = body
        self.version = version
        self.createdMs = createdMs
        self.modifiedMs = modifiedMs
        self.source = source
    }
}
