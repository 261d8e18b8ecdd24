/// Removes a subscription with its pending deliveries and its attempt history.
public struct RemoveSubscription: AdminOperation {
    public var id: String
    public init(id: String) { self.id = id }

    public func perform(_ context: AdminContext) async throws -> SubscriptionSummary {
        SubscriptionSummary(try await context.services.notifications.remove(id: id, info: try context.requestInfo()))
    }
}
