import SCIM
import Store

/// The operations the sync log names.
public enum SyncOperation: String, Sendable, CaseIterable {
    case create, replace, patch, delete, bulk, search
}

extension ResourceService {
    /// Runs a write; on failure records the refusal in its own transaction (the write's own
    /// transaction rolled back with everything in it) and rethrows it as a SCIM error.
    func logged<T>(
        _ operation: SyncOperation, _ kind: ResourceKind, id: String?, name: String?, externalID: String?,
        info: RequestInfo, _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch {
            let scimError = SCIMError.from(error, resourceType: kind.rawValue)
            if scimError.status >= 500 {
                logger.error("\(operation.rawValue) \(kind.rawValue) failed: \(error)", metadata: ["correlation": "\(info.correlationID)"])
            }
            // A refused PATCH or DELETE names only the id; the log is searched by name, so look it up.
            var name = name
            var externalID = externalID
            if name == nil, let id, scimError.status != 404,
                let record = try? await store.read({ try await $0.resource(tenantID: info.tenant.id, type: kind.rawValue, id: id) })
            {
                name = record.body[kind.nameAttribute]?.stringValue
                externalID = externalID ?? record.body["externalId"]?.stringValue
            }
            await recordRefusal(operation.rawValue, kind: kind, id: id, name: name, externalID: externalID, error: scimError, info: info)
            throw scimError
        }
    }

    /// Writes a failure entry for a refused request (also used by the HTTP layer for bodies it
    /// could not parse). Never throws: a log write that fails goes to the server log.
    public func recordRefusal(
        _ operation: String, kind: ResourceKind?, id: String?, name: String?, externalID: String?, error: SCIMError,
        info: RequestInfo
    ) async {
        let entry = SyncLogEntry(
            tenantID: info.tenant.id, timeMs: clock.nowMs(), correlationID: info.correlationID, client: info.client,
            sourceAddress: info.sourceAddress, operation: info.origin ?? operation, resourceType: kind?.rawValue,
            resourceID: id, resourceName: name, externalID: externalID, status: .failure,
            errorCode: error.scimType?.rawValue ?? String(error.status), message: error.detail,
            details: ["status": .integer(error.status)])
        do {
            try await store.write { try await $0.appendLog(entry) }
        } catch {
            logger.error("could not write sync-log entry: \(error)")
        }
    }

    func entry(
        _ operation: SyncOperation, _ kind: ResourceKind, record: ResourceRecord, changes: [AttributeChange],
        info: RequestInfo, status: SyncStatus = .success, message: String? = nil
    ) -> SyncLogEntry {
        let name = record.body[kind.nameAttribute]?.stringValue
        let verb: String
        switch operation {
        case .create: verb = "Created"
        case .replace: verb = "Replaced"
        case .patch: verb = "Updated"
        case .delete: verb = "Deleted"
        default: verb = operation.rawValue.capitalized
        }
        var summary = "\(verb) \(kind.rawValue.lowercased()) \(name.map { "'\($0)'" } ?? record.id)"
        if operation == .patch || operation == .replace {
            summary += changes.isEmpty ? " (no changes)" : ": " + changes.map(\.attribute).joined(separator: ", ")
        }
        return SyncLogEntry(
            tenantID: info.tenant.id, timeMs: clock.nowMs(), correlationID: info.correlationID, client: info.client,
            sourceAddress: info.sourceAddress, operation: info.origin ?? operation.rawValue, resourceType: kind.rawValue,
            resourceID: record.id, resourceName: name, externalID: record.body["externalId"]?.stringValue, status: status,
            message: message ?? summary, changes: ChangeSet.json(changes))
    }
}
