import Foundation
import SCIM
import Store

extension NotificationService {
    /// Most failure entries one `sync.errors` event lists; more go into the next one.
    public static let maximumErrorsPerDigest = 1_000

    /// Batches the tenant's failure entries into `sync.errors` deliveries: the first failure after
    /// the subscription's log cursor opens a window of `errorWindowMs`; when it has passed, every
    /// failure since the cursor becomes one event and the cursor moves past them (one write
    /// transaction, like `planEvents`). Subscriptions with frequency `never` only move the cursor,
    /// so switching alerts on later does not send old failures. Returns how many deliveries it queued.
    @discardableResult
    public func planErrors(subscriptionID: String, tenantID: Int64) async throws -> Int {
        // A read first: with no failure after the cursor there is nothing to write.
        let idle = try await store.read { tx in
            guard let record = try await tx.subscription(id: subscriptionID, tenantID: tenantID) else { return true }
            var probe = SyncLogQuery(tenantID: tenantID, limit: 1)
            probe.afterSeq = record.logCursor
            probe.statuses = [.failure]
            return try await tx.logEntries(probe).isEmpty
        }
        if idle { return 0 }
        return try await store.write { tx in
            guard var record = try await tx.subscription(id: subscriptionID, tenantID: tenantID),
                let tenant = try await tx.tenant(id: tenantID)
            else { return 0 }
            let now = self.clock.nowMs()
            var query = SyncLogQuery(tenantID: tenantID, limit: Self.maximumErrorsPerDigest)
            query.afterSeq = record.logCursor
            query.statuses = [.failure]
            let failures = try await tx.logEntries(query)
            var queued = 0
            if record.frequency == .never {
                record.logCursor = failures.last?.seq ?? record.logCursor
                record.errorWindowStartMs = nil
            } else if let first = failures.first {
                let start = record.errorWindowStartMs ?? first.timeMs
                if now >= start + record.errorWindowMs {
                    try await tx.insertDelivery(Self.errorsDelivery(failures, record: record, tenant: tenant, nowMs: now))
                    record.logCursor = failures.last?.seq ?? record.logCursor
                    record.errorWindowStartMs = nil
                    queued = 1
                } else {
                    record.errorWindowStartMs = start
                }
            }
            try await tx.setSubscriptionCursors(
                id: record.id, eventCursor: record.eventCursor, logCursor: record.logCursor,
                errorWindowStartMs: record.errorWindowStartMs, lastReportMs: record.lastReportMs)
            return queued
        }
    }

    static func errorsDelivery(_ failures: [SyncLogEntry], record: SubscriptionRecord, tenant: TenantRecord, nowMs: Int64) -> DeliveryRecord {
        let id = UUID().uuidString.lowercased()
        let listed: [SCIMValue] = failures.map { entry in
            var o = SCIMObject()
            o["time"] = .string(SCIMDateTime.format(milliseconds: entry.timeMs))
            o["operation"] = .string(entry.operation)
            o["resourceType"] = entry.resourceType.map { .string($0) } ?? .null
            o["resourceId"] = entry.resourceID.map { .string($0) } ?? .null
            o["resourceName"] = entry.resourceName.map { .string($0) } ?? .null
            o["errorCode"] = entry.errorCode.map { .string($0) } ?? .null
            o["message"] = .string(entry.message)
            o["correlationId"] = entry.correlationID.map { .string($0) } ?? .null
            o["client"] = entry.client.map { .string($0) } ?? .null
            // A mapping error's entry says what to do about it (AssignmentEngine).
            o["remedy"] = entry.details?["remedy"] ?? .null
            return .object(o)
        }
        var data = SCIMObject()
        data["since"] = .string(SCIMDateTime.format(milliseconds: failures.first?.timeMs ?? nowMs))
        data["until"] = .string(SCIMDateTime.format(milliseconds: failures.last?.timeMs ?? nowMs))
        data["count"] = .integer(failures.count)
        data["failures"] = .array(listed)
        var body = SCIMObject()
        body["id"] = .string(id)
        body["type"] = .string(EventType.syncErrors.rawValue)
        body["tenant"] = .string(tenant.name)
        body["time"] = .string(SCIMDateTime.format(milliseconds: nowMs))
        body["correlationId"] = .null
        body["data"] = .object(data)
        return DeliveryRecord(
            id: id, subscriptionID: record.id, tenantID: tenant.id, kind: EventType.syncErrors.rawValue,
            payload: SCIMValue.object(body).jsonString, nextAttemptMs: nowMs, createdMs: nowMs)
    }
}
