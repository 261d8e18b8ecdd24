/// An organization in a tenant's catalogue; organizations nest through `parentID`.
public struct OrganizationRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var parentID: Int64?
    public var createdMs: Int64
}
