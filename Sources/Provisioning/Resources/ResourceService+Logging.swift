import SCIM
import Store

extension ResourceService {
    /// Runs a write and, when it fails, records the refusal in its own transaction (the write's
    /// own transaction rolled back with everything in it) and rethrows it as a SCIM error.
    ///
    /// This is the one place refused requests are logged: single requests, each bulk operation
    /// and a bulk request refused as a whole all come through here, so none is logged twice
    /// and none is missed (the sync log holds every change and every failure).
    func logged<T>(
        _ subject: RefusalSubject, info: RequestInfo, _ body: (inout RefusalSubject) async throws -> T
    ) async throws -> T {
        var subject = subject
        do {
            return try await body(&subject)
        } catch {
            let scimError = SCIMError.from(error, resourceType: subject.kind?.rawValue ?? "request")
            if scimError.status >= 500 {
                logger.error(
                    "\(subject.operation) \(subject.kind?.rawValue ?? "request") failed: \(error)",
                    metadata: ["correlation": "\(info.correlationID)"])
            }
            // A refused PATCH or DELETE names only the id; the log is searched by name, so look it up.
            if subject.name == nil, let kind = subject.kind, let id = subject.id, scimError.status != 404,
                let record = try? await store.read({ try await $0.resource(tenantID: info.tenant.id, type: kind.rawValue, id: id) })
            {
                subject.name = record.body[kind.nameAttribute]?.stringValue
                subject.externalID = subject.externalID ?? record.body["externalId"]?.stringValue
            }
            await recordRefusal(subject, error: scimError, info: info)
            throw scimError
        }
    }

    /// Writes a failure entry for a refused request. Never throws: a log write that fails goes
    /// to the server log.
    private func recordRefusal(_ subject: RefusalSubject, error: SCIMError, info: RequestInfo) async {
        let entry = SyncLogEntry(
            tenantID: info.tenant.id, timeMs: clock.nowMs(), correlationID: info.correlationID, client: info.client,
            sourceAddress: info.sourceAddress, operation: info.origin ?? subject.operation, resourceType: subject.kind?.rawValue,
            resourceID: subject.id, resourceName: subject.name, externalID: subject.externalID, status: .failure,
            errorCode: error.scimType?.rawValue ?? String(error.status), message: error.detail,
            details: ["status": .integer(error.status)])
        do {
            _ = try await store.write { try await $0.appendLog(entry) }
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
            message: message ?? summary, changes: ChangeSet.json(changes),
            // An entry named after its origin (provision on demand, a local edit) still says which
            // write it was, so counts and reports see a create as a create.
            details: info.origin.map { _ in ["write": .string(operation.rawValue)] })
    }
}
