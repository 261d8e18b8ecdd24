import Foundation
import SCIM
import Store

extension NotificationService {
    /// Queues the daily `sync.report` of a `daily` subscription once its report instant has
    /// passed (`ReportSchedule`), with the ReportService's report of the local day before it.
    /// The report is built in a read; the delivery is inserted, and `lastReportMs` set to the
    /// instant, in a write that first checks no other pass did it, so each day is sent once.
    /// A subscription created after today's instant gets its first report tomorrow.
    @discardableResult
    public func planReport(subscriptionID: String, tenantID: Int64, reports: ReportService) async throws -> Bool {
        let now = clock.nowMs()
        guard let record = try await store.read({ try await $0.subscription(id: subscriptionID, tenantID: tenantID) }),
            record.frequency == .daily,
            let (due, since) = ReportSchedule.latest(nowMs: now, hour: record.reportHour, timeZone: record.timeZone),
            due > (record.lastReportMs ?? record.createdMs),
            let tenant = try await store.read({ try await $0.tenant(id: tenantID) })
        else { return false }
        let report = try await reports.report(tenant: tenant, sinceMs: since, untilMs: due)
        let data = try SCIMValue(parsing: String(decoding: try AdminJSON.encode(report), as: UTF8.self))
        return try await store.write { tx in
            guard let current = try await tx.subscription(id: subscriptionID, tenantID: tenantID),
                due > (current.lastReportMs ?? current.createdMs)
            else { return false }
            let id = UUID().uuidString.lowercased()
            var body = SCIMObject()
            body["id"] = .string(id)
            body["type"] = .string(EventType.syncReport.rawValue)
            body["tenant"] = .string(tenant.name)
            body["time"] = .string(SCIMDateTime.format(milliseconds: now))
            body["correlationId"] = .null
            body["data"] = data
            try await tx.insertDelivery(
                DeliveryRecord(
                    id: id, subscriptionID: current.id, tenantID: tenantID, kind: EventType.syncReport.rawValue,
                    payload: SCIMValue.object(body).jsonString, nextAttemptMs: now, createdMs: now))
            try await tx.setSubscriptionCursors(
                id: current.id, eventCursor: current.eventCursor, logCursor: current.logCursor,
                errorWindowStartMs: current.errorWindowStartMs, lastReportMs: due)
            return true
        }
    }
}
