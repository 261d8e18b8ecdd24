/// Subscribes a URL to the tenant's events: signed JSON POSTs (docs/guides/notifications.md).
/// Decoded from `POST /admin/v1/notify/webhooks` as the settings' fields (`url`, `secret`,
/// `events`, `frequency`, `reportHour`, `timeZone`, `errorWindow`, `batchSize`).
public struct AddWebhook: AdminOperation, Decodable {
    public var settings: SubscriptionSettings

    public init(_ settings: SubscriptionSettings) { self.settings = settings }

    public init(from decoder: any Decoder) throws { settings = try SubscriptionSettings(from: decoder) }

    public func perform(_ context: AdminContext) async throws -> SubscriptionSummary {
        SubscriptionSummary(try await context.services.notifications.addWebhook(settings, info: try context.requestInfo()))
    }
}
