/// A role in a tenant's catalogue.
public struct RoleRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var description: String?
    public var createdMs: Int64
}
