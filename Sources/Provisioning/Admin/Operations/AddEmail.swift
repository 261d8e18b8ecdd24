/// Subscribes a mail address to the tenant's reports and error alerts (and, with `events`, to
/// resource events). Decoded from `POST /admin/v1/notify/emails` as the settings' fields
/// (`address`, `events`, `frequency`, `reportHour`, `timeZone`, `errorWindow`).
public struct AddEmail: AdminOperation, Decodable {
    public var settings: SubscriptionSettings

    public init(_ settings: SubscriptionSettings) { self.settings = settings }

    public init(from decoder: any Decoder) throws { settings = try SubscriptionSettings(from: decoder) }

    public func perform(_ context: AdminContext) async throws -> SubscriptionSummary {
        SubscriptionSummary(try await context.services.notifications.addEmail(settings, info: try context.requestInfo()))
    }
}
