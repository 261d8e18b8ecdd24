import Store

/// What `scimctl notify status` shows for one subscription.
public struct SubscriptionStatus: Sendable {
    public let subscription: SubscriptionRecord
    public let counts: DeliveryCounts
    /// Newest first.
    public let recentAttempts: [DeliveryAttemptRecord]
    /// Deliveries that spent their retry budget, newest first.
    public let failed: [DeliveryRecord]
}
