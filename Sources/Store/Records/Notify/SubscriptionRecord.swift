/// One tenant's notification subscription: where to send, what, and how often (requirements §8).
///
/// The cursors are the deliverer's: `eventCursor` is the last outbox seq already turned into
/// deliveries for this subscription, `logCursor` the last sync-log seq already considered for
/// `sync.errors`, `lastReportMs` when the last daily report was queued. They move forward only
/// inside the write transaction that creates the deliveries, so a restart neither loses nor
/// repeats an event.
public struct SubscriptionRecord: Sendable, Hashable {
    /// A UUID, chosen by the caller.
    public var id: String
    public var tenantID: Int64
    public var channel: SubscriptionChannel
    /// The webhook URL or the mail address.
    public var target: String
    /// The webhook's HMAC-SHA256 key; nil for mail.
    public var secret: String?
    /// Event types to deliver; empty means every resource event type.
    public var eventTypes: [String]
    public var frequency: NotificationFrequency
    /// The local hour (0–23) in `timeZone` at which the daily report goes out.
    public var reportHour: Int
    /// An IANA time-zone identifier (`Europe/Berlin`).
    public var timeZone: String
    /// How long failure entries are gathered into one `sync.errors` event.
    public var errorWindowMs: Int64
    /// Events per POST: 1 sends each event as its own body, more sends `{"events": [...]}`.
    public var batchSize: Int
    public var eventCursor: Int64
    public var logCursor: Int64
    /// The start of the open `sync.errors` window (the first failure not yet sent), nil when none is open.
    public var errorWindowStartMs: Int64?
    public var lastReportMs: Int64?
    public var createdMs: Int64
    public var updatedMs: Int64
    /// The channel's own settings as JSON, nil when it has none: for `welcome`, the tenant's
    /// welcome-mail templates (Provisioning's `WelcomeMailSettings`).
    public var options: String?

    public init(
        id: String, tenantID: Int64, channel: SubscriptionChannel, target: String, secret: String?, eventTypes: [String] = [],
        frequency: NotificationFrequency = .daily, reportHour: Int = 8, timeZone: String = "UTC", errorWindowMs: Int64 = 900_000,
        batchSize: Int = 1, eventCursor: Int64 = 0, logCursor: Int64 = 0, errorWindowStartMs: Int64? = nil, lastReportMs: Int64? = nil,
        createdMs: Int64, updatedMs: Int64? = nil, options: String? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.channel = channel
        self.target = target
        self.secret = secret
        self.eventTypes = eventTypes
        self.frequency = frequency
        self.reportHour = reportHour
        self.timeZone = timeZone
        self.errorWindowMs = errorWindowMs
        self.batchSize = batchSize
        self.eventCursor = eventCursor
        self.logCursor = logCursor
        self.errorWindowStartMs = errorWindowStartMs
        self.lastReportMs = lastReportMs
        self.createdMs = createdMs
        self.updatedMs = updatedMs ?? createdMs
        self.options = options
    }
}
