import SCIM
import Store

/// One application event in its JSON shape, the same for the feed (`GET /admin/v1/events`,
/// `scimctl events --json`) and for a deliverer's payload (docs/events.md):
/// `{cursor, id, type, tenant, time, correlationId, data}`.
public struct Event: Encodable, Sendable {
    public let record: EventRecord
    /// The tenant's name (the store keeps its id).
    public let tenant: String

    public init(_ record: EventRecord, tenant: String) {
        self.record = record
        self.tenant = tenant
    }

    /// The feed cursor that resumes right after this event.
    public var cursor: String { String(record.seq) }

    public var json: SCIMValue {
        var o = SCIMObject()
        o["cursor"] = .string(cursor)
        o["id"] = .string(record.id)
        o["type"] = .string(record.type)
        o["tenant"] = .string(tenant)
        // RFC 3339 (§5.6), the form SCIM's meta uses (RFC 7643 §2.3.5).
        o["time"] = .string(SCIMDateTime.format(milliseconds: record.timeMs))
        o["correlationId"] = record.correlationID.map { .string($0) } ?? .null
        o["data"] = record.data
        return .object(o)
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}
