/// Changes the settings given (the others stay); pending deliveries keep their bodies.
public struct UpdateSubscription: AdminOperation {
    public var id: String
    public var settings: SubscriptionSettings

    public init(id: String, _ settings: SubscriptionSettings) {
        self.id = id
        self.settings = settings
    }

    public func perform(_ context: AdminContext) async throws -> SubscriptionSummary {
        SubscriptionSummary(try await context.services.notifications.update(id: id, settings, info: try context.requestInfo()))
    }
}
