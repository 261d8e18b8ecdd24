import Store

/// A notification subscription as administrators see it. The secret is never shown, only
/// whether one is set: it is the receiver's key, and the admin API and the sync log are read
/// by more people than the receiver's owner.
public struct SubscriptionSummary: Encodable, Sendable, Equatable {
    public var id: String
    public var channel: String
    public var target: String
    public var secretSet: Bool
    /// Empty means every resource event type for a JSON webhook, none for mail or chat.
    public var events: [String]
    public var frequency: String
    public var reportHour: Int
    public var timeZone: String
    /// As typed back: `15m`, `1s`.
    public var errorWindow: String
    public var batchSize: Int
    /// A webhook's body: `json`, `slack` or `teams`; null for mail.
    @Nullable public var format: String?
    /// The last outbox cursor turned into deliveries.
    public var eventCursor: String
    public var created: String
    public var updated: String

    init(_ record: SubscriptionRecord) {
        id = record.id
        channel = record.channel.rawValue
        target = record.target
        secretSet = record.secret != nil
        events = record.eventTypes
        frequency = record.frequency.rawValue
        reportHour = record.reportHour
        timeZone = record.timeZone
        errorWindow = NotificationDuration.format(milliseconds: record.errorWindowMs)
        batchSize = record.batchSize
        format = record.channel == .webhook ? NotificationService.webhookFormat(of: record).rawValue : nil
        eventCursor = String(record.eventCursor)
        created = AdminTime.text(record.createdMs)
        updated = AdminTime.text(record.updatedMs)
    }
}

/// Every subscription of the tenant, oldest first.
public struct SubscriptionList: Encodable, Sendable, Equatable {
    public var subscriptions: [SubscriptionSummary]
}
