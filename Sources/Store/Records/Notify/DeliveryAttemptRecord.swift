/// One try at a delivery, kept for `scimctl notify status`: when, how long, and what came back.
public struct DeliveryAttemptRecord: Sendable, Hashable {
    /// Assigned by the store.
    public var seq: Int64
    public var deliveryID: String
    public var subscriptionID: String
    public var timeMs: Int64
    public var durationMs: Int64
    /// The receiver's HTTP status; nil when none came (refused connection, timeout).
    public var httpStatus: Int?
    /// Nil on success; else one sentence (`HTTP 500`, `timed out after 10 s`).
    public var error: String?

    public init(
        seq: Int64 = 0, deliveryID: String, subscriptionID: String, timeMs: Int64, durationMs: Int64, httpStatus: Int?, error: String?
    ) {
        self.seq = seq
        self.deliveryID = deliveryID
        self.subscriptionID = subscriptionID
        self.timeMs = timeMs
        self.durationMs = durationMs
        self.httpStatus = httpStatus
        self.error = error
    }
}
