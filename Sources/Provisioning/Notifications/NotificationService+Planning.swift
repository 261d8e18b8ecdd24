import Foundation
import SCIM
import Store

extension NotificationService {
    /// Resource event types a subscription with no explicit list receives: every type scimd's
    /// writes produce. `sync.errors` and `sync.report` follow the frequency instead.
    static let resourceEventTypes = EventType.allCases.filter { $0 != .syncErrors && $0 != .syncReport }.map(\.rawValue)

    /// Turns the outbox events after the subscription's cursor into deliveries (at most `limit`
    /// events), one per event or one per `batchSize` events, and moves the cursor past them — in
    /// one write transaction, so a crash either keeps both or neither: nothing is lost, nothing is
    /// queued twice, and two processes planning at once queue each event once (the second sees
    /// the first's cursor). Returns how many deliveries it queued.
    @discardableResult
    public func planEvents(subscriptionID: String, tenantID: Int64, limit: Int = 500) async throws -> Int {
        // A read first: an idle pass must not take the one write lock provisioning needs.
        let idle = try await store.read { tx in
            guard let record = try await tx.subscription(id: subscriptionID, tenantID: tenantID) else { return true }
            return try await tx.latestEventSeq(tenantID: tenantID) <= record.eventCursor
        }
        if idle { return 0 }
        return try await store.write { tx in
            guard let record = try await tx.subscription(id: subscriptionID, tenantID: tenantID),
                let tenant = try await tx.tenant(id: tenantID)
            else { return 0 }
            let types = Self.deliveredTypes(record)
            // Read past the limit by type filter; the cursor still moves over events of other types.
            // No type at all (mail without --events, a welcome mail that is off): only the cursor moves.
            let events = types.isEmpty ? [] : try await tx.events(tenantID: tenantID, after: record.eventCursor, limit: limit, types: types)
            let newest = try await tx.latestEventSeq(tenantID: tenantID)
            let now = self.clock.nowMs()
            let batch = max(1, record.batchSize)
            var queued = 0
            var index = 0
            while index < events.count {
                let chunk = Array(events[index..<min(index + batch, events.count)])
                index += chunk.count
                let payloads = chunk.map { Event($0, tenant: tenant.name).json }
                let payload: SCIMValue = batch == 1 ? payloads[0] : .object(SCIMObject([.init(key: "events", value: .array(payloads))]))
                // Its own id, not the event's: one event goes to several subscriptions, and each
                // delivery's retries must share an id no other delivery has. The body carries the event id.
                let id = UUID().uuidString.lowercased()
                try await tx.insertDelivery(
                    DeliveryRecord(
                        id: id, subscriptionID: record.id, tenantID: tenantID, kind: batch == 1 ? chunk[0].type : "batch",
                        firstEventSeq: chunk.first?.seq, lastEventSeq: chunk.last?.seq, payload: payload.jsonString, nextAttemptMs: now,
                        createdMs: now))
                queued += 1
            }
            // A full page may hide more; otherwise everything up to the newest seq has been seen.
            let cursor = events.count == limit ? (events.last?.seq ?? record.eventCursor) : max(newest, record.eventCursor)
            try await tx.setSubscriptionCursors(
                id: record.id, eventCursor: cursor, logCursor: record.logCursor, errorWindowStartMs: record.errorWindowStartMs,
                lastReportMs: record.lastReportMs)
            return queued
        }
    }

    /// Every subscription of every tenant, for the deliverer.
    public func allSubscriptions() async throws -> [SubscriptionRecord] {
        try await store.read { try await $0.subscriptions(tenantID: nil) }
    }
}
