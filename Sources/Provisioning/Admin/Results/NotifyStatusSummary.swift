import Store

/// `scimctl notify status` / `GET /admin/v1/notify/status`: per subscription, how many
/// deliveries are pending, delivered and failed, the latest attempts and the failed deliveries
/// with their last error.
public struct NotifyStatusSummary: Encodable, Sendable, Equatable {
    public struct Attempt: Encodable, Sendable, Equatable {
        public var delivery: String
        public var time: String
        public var durationMs: Int64
        /// Nil when no response came (refused connection, timeout).
        public var httpStatus: Int?
        public var error: String?
    }

    public struct Delivery: Encodable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var state: String
        public var attempts: Int
        public var created: String
        public var nextAttempt: String?
        public var finished: String?
        public var lastError: String?

        init(_ record: DeliveryRecord) {
            id = record.id
            kind = record.kind
            state = record.state.rawValue
            attempts = record.attempts
            created = AdminTime.text(record.createdMs)
            nextAttempt = record.state == .pending ? AdminTime.text(record.nextAttemptMs) : nil
            finished = AdminTime.text(record.finishedMs)
            lastError = record.lastError
        }
    }

    public struct Entry: Encodable, Sendable, Equatable {
        public var subscription: SubscriptionSummary
        public var pending: Int
        public var delivered: Int
        public var failed: Int
        public var recentAttempts: [Attempt]
        public var failedDeliveries: [Delivery]

        init(_ status: SubscriptionStatus) {
            subscription = SubscriptionSummary(status.subscription)
            pending = status.counts.pending
            delivered = status.counts.delivered
            failed = status.counts.failed
            recentAttempts = status.recentAttempts.map {
                Attempt(
                    delivery: $0.deliveryID, time: AdminTime.text($0.timeMs), durationMs: $0.durationMs, httpStatus: $0.httpStatus,
                    error: $0.error)
            }
            failedDeliveries = status.failed.map(Delivery.init)
        }
    }

    public var subscriptions: [Entry]
}
