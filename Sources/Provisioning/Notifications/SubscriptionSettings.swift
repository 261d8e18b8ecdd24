import Store

/// What an administrator sets on a subscription. On `add`, a nil field takes its default; on
/// `set`, a nil field keeps what is stored. `NotificationService` validates every field.
public struct SubscriptionSettings: Sendable, Equatable, Decodable {
    /// The webhook URL (`http` or `https`).
    public var url: String?
    /// The email subscription's recipient, `local@domain` or `Name <local@domain>`.
    public var address: String?
    /// The HMAC-SHA256 key the receiver verifies `X-Scimd-Signature` with.
    public var secret: String?
    /// Event type names; empty means every resource event type.
    public var events: [String]?
    /// `daily`, `errors-only` or `never`.
    public var frequency: String?
    /// 0–23, local to `timeZone`.
    public var reportHour: Int?
    /// An IANA zone such as `Europe/Berlin`.
    public var timeZone: String?
    /// The `sync.errors` batching window: `15m`, `30s`, `1h` (1 s to 24 h).
    public var errorWindow: String?
    /// Events per POST; above 1 the body is `{"events": [...]}`.
    public var batchSize: Int?
    /// A webhook's body: `json` (the events), `slack` or `teams` (a chat post).
    public var format: String?

    public init(
        url: String? = nil, address: String? = nil, secret: String? = nil, events: [String]? = nil, frequency: String? = nil, reportHour: Int? = nil,
        timeZone: String? = nil, errorWindow: String? = nil, batchSize: Int? = nil,
        format: String? = nil
    ) {
        self.url = url
        self.address = address
        self.secret = secret
        self.events = events
        self.frequency = frequency
        self.reportHour = reportHour
        self.timeZone = timeZone
        self.errorWindow = errorWindow
        self.batchSize = batchSize
        self.format = format
    }
}
