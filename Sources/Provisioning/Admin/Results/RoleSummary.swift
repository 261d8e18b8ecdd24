import Store

/// A role in a tenant's catalogue.
public struct RoleSummary: Encodable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var description: String?
    public var created: String

    init(_ record: RoleRecord) {
        id = record.id
        name = record.name
        description = record.description
        created = AdminTime.text(record.createdMs)
    }
}
