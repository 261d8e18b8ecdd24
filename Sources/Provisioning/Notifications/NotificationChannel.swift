import Store

/// Sends one delivery of a subscription and says how it went. The deliverer picks the channel
/// by `SubscriptionRecord.channel`: scimd's `WebhookChannel` for `webhook`, and the mail
/// transport (issue 10's mail part) plugs in as the channel for `email`.
public protocol NotificationChannel: Sendable {
    func send(_ delivery: DeliveryRecord, to subscription: SubscriptionRecord) async -> ChannelResult
}

/// One attempt's result: `error` is nil on success, else one sentence for `notify status`.
public struct ChannelResult: Sendable, Equatable {
    public var httpStatus: Int?
    public var error: String?

    public init(httpStatus: Int? = nil, error: String? = nil) {
        self.httpStatus = httpStatus
        self.error = error
    }

    public var succeeded: Bool { error == nil }
}
