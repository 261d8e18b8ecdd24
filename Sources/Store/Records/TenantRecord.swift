/// A tenant: the unit of isolation. Every stored row belongs to exactly one.
public struct TenantRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var createdMs: Int64
    public init(id: Int64, name: String, createdMs: Int64) {
        self.id = id
        self.name = name
        self.createdMs = createdMs
    }
}
