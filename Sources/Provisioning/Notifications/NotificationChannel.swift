import Store

/// Sends one delivery of a subscription and says how it went. The deliverer picks the channel
/// by `SubscriptionRecord.channel`: scimd's `WebhookChannel` for `webhook`, `EmailChannel` for
/// `email` and `welcome`.
public protocol NotificationChannel: Sendable {
    func send(_ delivery: DeliveryRecord, to subscription: SubscriptionRecord) async -> ChannelResult
}

/// One attempt's result: `error` is nil on success, else one sentence for `notify status`.
/// `permanent` marks an error no retry can mend (a user without an address, a message that
/// cannot be rendered): the delivery fails at once instead of retrying for the whole budget.
public struct ChannelResult: Sendable, Equatable {
    public var httpStatus: Int?
    public var error: String?
    public var permanent: Bool

    public init(httpStatus: Int? = nil, error: String? = nil, permanent: Bool = false) {
        self.httpStatus = httpStatus
        self.error = error
        self.permanent = permanent
    }

    public var succeeded: Bool { error == nil }
}
