import Store

extension NotificationService {
    /// Leases up to `limit` due deliveries to `owner` for `leaseMs` (one write transaction); with
    /// `channels`, only deliveries of subscriptions on those channels (the ones `owner` can send).
    public func claim(owner: String, leaseMs: Int64, limit: Int, channels: [SubscriptionChannel]? = nil) async throws -> [DeliveryRecord] {
        let now = clock.nowMs()
        return try await store.write {
            try await $0.claimDeliveries(owner: owner, nowMs: now, leaseMs: leaseMs, limit: limit, channels: channels)
        }
    }

    /// Records an attempt and its outcome; a delivery that gives up becomes a `warning` entry in
    /// the tenant's sync log (what `scimctl log --status warning` and the report show). False when
    /// `owner` had lost the lease, so the outcome was not applied (another process owns it now).
    @discardableResult
    public func finish(
        _ delivery: DeliveryRecord, owner: String, attempt: DeliveryAttemptRecord, outcome: DeliveryOutcome, target: String
    ) async throws -> Bool {
        try await store.write { tx in
            let applied = try await tx.finishAttempt(attempt, owner: owner, outcome: outcome)
            if applied, outcome == .failed {
                try await tx.appendLog(
                    SyncLogEntry(
                        tenantID: delivery.tenantID, timeMs: attempt.timeMs, client: "notify", operation: "notify-failed",
                        status: .warning,
                        message: "Gave up delivering \(delivery.kind) \(delivery.id) to \(target) after \(delivery.attempts + 1) attempts: \(attempt.error ?? "unknown error")",
                        details: ["subscription": .string(delivery.subscriptionID), "delivery": .string(delivery.id)]))
            }
            return applied
        }
    }

    /// Deletes deliveries that finished (delivered or failed) more than `retentionDays` ago, with
    /// their attempts, in small batches so writers never wait long; returns how many. The sync
    /// log's retention: a delivery's payload is a copy of outbox events, which go at the same age.
    /// Pending deliveries stay whatever their age (the retry budget ends them).
    @discardableResult
    public func prune(retentionDays: Int, batchSize: Int = 500) async throws -> Int {
        let cutoff = clock.nowMs() - Int64(retentionDays) * 86_400_000
        var total = 0
        while true {
            let deleted = try await store.write { try await $0.pruneDeliveries(beforeMs: cutoff, limit: batchSize) }
            total += deleted
            if deleted < batchSize { return total }
            await Task.yield()
        }
    }
}
