/// The tenant's welcome mail as administrators see it: on or off, the templates and the URL.
public struct WelcomeMailSummary: Encodable, Sendable, Equatable {
    public var enabled: Bool
    /// The From address; null means the server's `--mail-from`.
    @Nullable public var from: String?
    public var subject: String
    public var text: String
    public var html: String
    @Nullable public var enrollmentURL: String?
    /// The subscription that sends it (`notify status` shows its deliveries); null before the
    /// first change.
    @Nullable public var subscription: String?

    init(_ settings: WelcomeMailSettings, _ record: SubscriptionRecordReference?) {
        enabled = settings.enabled
        from = record?.from
        subject = settings.subject.source
        text = settings.text.source
        html = settings.html.source
        enrollmentURL = settings.enrollmentURL
        subscription = record?.id
    }
}

/// What the summary needs of the welcome subscription.
struct SubscriptionRecordReference {
    var id: String
    var from: String?
}

/// The welcome mail one user would get, rendered; `from` null means the server's `--mail-from`.
public struct WelcomeMailPreview: Encodable, Sendable, Equatable {
    public var enabled: Bool
    @Nullable public var from: String?
    public var to: [String]
    public var subject: String
    public var text: String
    public var html: String
}
