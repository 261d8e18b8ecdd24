/// The tenant's notification subscriptions, oldest first.
public struct ListSubscriptions: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> SubscriptionList {
        SubscriptionList(
            subscriptions: try await context.services.notifications.subscriptions(tenant: try context.requireTenant())
                .map(SubscriptionSummary.init))
    }
}
