import SCIM
import Store

extension SyncLogEntry {
    /// The entry as one JSON object (`scimctl log --json`, the admin API).
    public var json: SCIMValue {
        let e = self
        var o = SCIMObject()
        o["seq"] = .integer(Int(e.seq))
        o["time"] = .string(SCIMDateTime.format(milliseconds: e.timeMs))
        o["tenantId"] = .integer(Int(e.tenantID))
        o["correlationId"] = e.correlationID.map { .string($0) } ?? .null
        o["client"] = e.client.map { .string($0) } ?? .null
        o["sourceAddress"] = e.sourceAddress.map { .string($0) } ?? .null
        o["operation"] = .string(e.operation)
        o["resourceType"] = e.resourceType.map { .string($0) } ?? .null
        o["resourceId"] = e.resourceID.map { .string($0) } ?? .null
        o["resourceName"] = e.resourceName.map { .string($0) } ?? .null
        o["externalId"] = e.externalID.map { .string($0) } ?? .null
        o["status"] = .string(e.status.rawValue)
        o["errorCode"] = e.errorCode.map { .string($0) } ?? .null
        o["message"] = .string(e.message)
        o["changes"] = e.changes ?? .null
        o["details"] = e.details ?? .null
        return .object(o)
    }
}
