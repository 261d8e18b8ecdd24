import Store

/// A tenant as administrators see it.
public struct TenantSummary: Encodable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var created: String

    init(_ record: TenantRecord) {
        id = record.id
        name = record.name
        created = AdminTime.text(record.createdMs)
    }
}
