import SCIM

/// One application event in the outbox (requirements §8): what changed, written in the same
/// transaction as the change. `seq` is the feed's cursor; `id` the idempotency id a deliverer
/// sends with every attempt, so a receiver that sees it twice knows it is the same event.
public struct EventRecord: Sendable, Hashable {
    /// Assigned by the store on append, above every seq the table has ever held.
    public var seq: Int64
    public var tenantID: Int64
    /// A UUID, unique across tenants.
    public var id: String
    /// The event type's dotted name, e.g. `user.created`.
    public var type: String
    public var timeMs: Int64
    public var correlationID: String?
    public var resourceType: String?
    public var resourceID: String?
    /// The event's `data` object.
    public var data: SCIMValue

    public init(
        seq: Int64 = 0, tenantID: Int64, id: String, type: String, timeMs: Int64, correlationID: String? = nil,
        resourceType: String? = nil, resourceID: String? = nil, data: SCIMValue = .object(SCIMObject())
    ) {
        self.seq = seq
        self.tenantID = tenantID
        self.id = id
        self.type = type
        self.timeMs = timeMs
        self.correlationID = correlationID
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.data = data
    }
}
