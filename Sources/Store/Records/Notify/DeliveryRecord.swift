/// One message to one subscription: an event (or a batch of them), a `sync.errors` digest, a daily
/// `sync.report` or a test. The body is fixed when the delivery is created, so every retry sends
/// the same bytes under the same `id` (the `X-Scimd-Delivery` idempotency id), even after the
/// outbox pruned the events it came from.
public struct DeliveryRecord: Sendable, Hashable {
    /// A UUID: the idempotency id every attempt repeats.
    public var id: String
    public var subscriptionID: String
    public var tenantID: Int64
    /// The event type, or `batch` for `{"events": [...]}`.
    public var kind: String
    /// The outbox seqs it carries (nil for digests, reports and tests).
    public var firstEventSeq: Int64?
    public var lastEventSeq: Int64?
    /// The body to send (JSON text).
    public var payload: String
    public var state: DeliveryState
    /// Attempts made so far.
    public var attempts: Int
    /// Not to be tried before this instant.
    public var nextAttemptMs: Int64
    /// The process that claimed it, and until when; a lease that ran out may be taken over.
    public var leaseOwner: String?
    public var leaseUntilMs: Int64?
    public var lastError: String?
    public var createdMs: Int64
    public var finishedMs: Int64?

    public init(
        id: String, subscriptionID: String, tenantID: Int64, kind: String, firstEventSeq: Int64? = nil, lastEventSeq: Int64? = nil,
        payload: String, state: DeliveryState = .pending, attempts: Int = 0, nextAttemptMs: Int64, leaseOwner: String? = nil,
        leaseUntilMs: Int64? = nil, lastError: String? = nil, createdMs: Int64, finishedMs: Int64? = nil
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.tenantID = tenantID
        self.kind = kind
        self.firstEventSeq = firstEventSeq
        self.lastEventSeq = lastEventSeq
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAttemptMs = nextAttemptMs
        self.leaseOwner = leaseOwner
        self.leaseUntilMs = leaseUntilMs
        self.lastError = lastError
        self.createdMs = createdMs
        self.finishedMs = finishedMs
    }
}
