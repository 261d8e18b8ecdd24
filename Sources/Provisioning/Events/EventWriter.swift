import Foundation
import SCIM
import Store

/// Appends events to the outbox inside the caller's write transaction, so an event commits
/// or rolls back with the change it announces (requirements §8).
struct EventWriter {
    let tenantID: Int64
    let correlationID: String
    let clock: ProvisioningClock

    init(info: RequestInfo, clock: ProvisioningClock) {
        tenantID = info.tenant.id
        correlationID = info.correlationID
        self.clock = clock
    }

    /// Appends one event about `resource` (nil for events about no one resource); `extra` adds
    /// fields to the resource's `id`, `externalId` and `userName`/`displayName` in `data`, or
    /// is the whole `data` when `identified` is false.
    func append(
        _ type: EventType, about resource: ResourceRecord?, extra: SCIMObject = SCIMObject(), identified: Bool = true,
        tx: any StoreTransaction
    ) async throws {
        var data = identified ? resource.map(Self.identity) ?? SCIMObject() : SCIMObject()
        for entry in extra { data[entry.key] = entry.value }
        try await tx.appendEvent(
            EventRecord(
                tenantID: tenantID, id: UUID().lowercasedString, type: type.rawValue, timeMs: clock.nowMs(),
                correlationID: correlationID, resourceType: resource?.type, resourceID: resource?.id, data: .object(data)))
    }

    /// What names a resource in an event: its id, externalId and userName (users) or displayName (groups).
    static func identity(_ record: ResourceRecord) -> SCIMObject {
        var o = SCIMObject()
        o["id"] = .string(record.id)
        o["externalId"] = record.body["externalId"] ?? .null
        if record.type == ResourceKind.user.rawValue {
            o["userName"] = record.body["userName"] ?? .null
        } else {
            o["displayName"] = record.body["displayName"] ?? .null
        }
        return o
    }

    /// Announces `user.provisioned` if this is the first time the user is stored in sync scope.
    func provisioned(_ user: ResourceRecord, tx: any StoreTransaction) async throws {
        guard try await tx.markProvisioned(userSeq: user.seq, tenantID: tenantID, nowMs: clock.nowMs()) else { return }
        try await append(.userProvisioned, about: user, tx: tx)
    }
}
