/// Notification subscriptions and their deliveries (requirements §8): what each tenant asked to
/// be told, every message queued for it, and every attempt to send one.
///
/// Contract:
/// - Subscriptions: `insertSubscription` stores a new one (a duplicate `id` is
///   `StoreError.duplicate(field: "subscription id")`). `subscription(id:tenantID:)` is nil when
///   absent or another tenant's. `subscriptions(tenantID:)` lists in creation order, every tenant's
///   when `tenantID` is nil. `updateSubscription` changes the settings (target, secret, types,
///   frequency, hour, zone, window, batch size, `updatedMs`), never the cursors, and is false when
///   absent. `setSubscriptionCursors` moves the cursors; `eventCursor` and `logCursor` never go
///   back (a lower value keeps the stored one). Deleting a subscription deletes its deliveries and
///   their attempts.
/// - Deliveries: `insertDelivery` stores a pending one (duplicate `id` is
///   `StoreError.duplicate(field: "delivery id")`). `claimDeliveries` takes, in a write, up to
///   `limit` pending deliveries due at `nowMs` whose lease is free or ran out, oldest due first
///   (then in insertion order),
///   and leases them to `owner` until `nowMs + leaseMs`: two claimers never hold the same
///   delivery at once. With `channels`, only deliveries of subscriptions on those channels: a
///   process claims only what it can send, and leaves the rest to a process that can. `finishAttempt` records the attempt and, only while `owner` still holds
///   the lease on a pending delivery, applies the outcome (counting the attempt, setting state,
///   next attempt, last error, freeing the lease) and returns true; otherwise it records the
///   attempt alone and returns false.
/// - Listings are newest first. `pruneDeliveries` deletes finished deliveries (delivered or
///   failed) finished before `beforeMs`, at most `limit`, with their attempts.
public protocol NotificationStore {
    func insertSubscription(_ subscription: SubscriptionRecord) async throws
    func subscription(id: String, tenantID: Int64) async throws -> SubscriptionRecord?
    func subscriptions(tenantID: Int64?) async throws -> [SubscriptionRecord]
    @discardableResult
    func updateSubscription(_ subscription: SubscriptionRecord) async throws -> Bool
    func setSubscriptionCursors(
        id: String, eventCursor: Int64, logCursor: Int64, errorWindowStartMs: Int64?, lastReportMs: Int64?
    ) async throws
    @discardableResult
    func deleteSubscription(id: String, tenantID: Int64) async throws -> Bool

    func insertDelivery(_ delivery: DeliveryRecord) async throws
    func delivery(id: String) async throws -> DeliveryRecord?
    /// `channels`: only deliveries of subscriptions on these channels (nil: every channel).
    func claimDeliveries(
        owner: String, nowMs: Int64, leaseMs: Int64, limit: Int, channels: [SubscriptionChannel]?
    ) async throws -> [DeliveryRecord]
    @discardableResult
    func finishAttempt(_ attempt: DeliveryAttemptRecord, owner: String, outcome: DeliveryOutcome) async throws -> Bool
    /// The subscription's deliveries, newest first, in `state` (any when nil).
    func deliveries(subscriptionID: String, state: DeliveryState?, limit: Int) async throws -> [DeliveryRecord]
    /// The subscription's attempts, newest first.
    func deliveryAttempts(subscriptionID: String, limit: Int) async throws -> [DeliveryAttemptRecord]
    func deliveryCounts(subscriptionID: String) async throws -> DeliveryCounts
    func pruneDeliveries(beforeMs: Int64, limit: Int) async throws -> Int
}

extension NotificationStore {
    /// Claims deliveries of every channel.
    public func claimDeliveries(owner: String, nowMs: Int64, leaseMs: Int64, limit: Int) async throws -> [DeliveryRecord] {
        try await claimDeliveries(owner: owner, nowMs: nowMs, leaseMs: leaseMs, limit: limit, channels: nil)
    }
}
