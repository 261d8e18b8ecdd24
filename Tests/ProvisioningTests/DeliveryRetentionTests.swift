import Foundation
import Logging
import Provisioning
import SCIM
import Store
import Testing

/// Finished notification deliveries go with the sync log's retention (requirements §8): their
/// payloads are copies of outbox events, which are pruned at the same age. A delivery still
/// pending stays, and so do its attempts.
@Suite("Delivery retention")
struct DeliveryRetentionTests {
    /// The same database file `days` later, as the next scimd (or the hourly pruner) sees it.
    static func services(_ f: ServiceFixture, daysLater days: Int64) throws -> ProvisioningServices {
        var logger = Logger(label: "scimd-test")
        logger.logLevel = .warning
        return try ProvisioningServices.openSQLite(
            databasePath: f.databasePath, schemaDirectory: ServiceFixture.schemaDirectory,
            clock: ProvisioningClock { ProvisioningClock.system.nowMs() + days * 86_400_000 }, logger: logger)
    }

    @Test("delivered and failed deliveries older than the retention go with their attempts; pending ones stay")
    func pruneFinishedDeliveries() async throws {
        try await ServiceFixture.run { f in
            let notifications = f.services.notifications
            // Never contacted: the test plays the deliverer through the service API.
            let subscription = try await notifications.addWebhook(
                SubscriptionSettings(url: "http://127.0.0.1:9/hook", secret: "0123456789abcdef-retention", frequency: "never"),
                info: f.info)
            try await f.user("ann@example.com")
            try await f.user("bob@example.com")
            #expect(try await notifications.planEvents(subscriptionID: subscription.id, tenantID: subscription.tenantID) == 4)
            let claimed = try await notifications.claim(owner: "test", leaseMs: 60_000, limit: 10)
            #expect(claimed.count == 4)
            let now = f.services.clock.nowMs()
            let outcomes: [DeliveryOutcome] = [.delivered, .failed, .delivered, .retry(atMs: now + 3_600_000)]
            for (delivery, outcome) in zip(claimed, outcomes) {
                let attempt = DeliveryAttemptRecord(
                    deliveryID: delivery.id, subscriptionID: subscription.id, timeMs: now, durationMs: 5,
                    httpStatus: outcome == .delivered ? 200 : 500, error: outcome == .delivered ? nil : "HTTP 500")
                #expect(try await notifications.finish(delivery, owner: "test", attempt: attempt, outcome: outcome, target: subscription.target))
            }
            #expect(try await notifications.status(of: subscription).counts == DeliveryCounts(pending: 1, delivered: 2, failed: 1))
            #expect(try await notifications.prune(retentionDays: 90) == 0, "nothing is old yet")

            // 89 days on: still within the retention.
            let soon = try Self.services(f, daysLater: 89)
            #expect(try await soon.notifications.prune(retentionDays: 90) == 0)

            // 91 days on: the three finished deliveries go (in batches of one), the pending one stays.
            let later = try Self.services(f, daysLater: 91)
            #expect(try await later.notifications.prune(retentionDays: 90, batchSize: 1) == 3)
            let status = try await later.notifications.status(of: subscription, attempts: 100)
            #expect(status.counts == DeliveryCounts(pending: 1), "\(status.counts)")
            #expect(status.failed.isEmpty)
            #expect(status.recentAttempts.map(\.deliveryID) == [claimed[3].id], "the pruned deliveries' attempts went with them")
            #expect(try await later.notifications.prune(retentionDays: 90) == 0)
        }
    }
}
