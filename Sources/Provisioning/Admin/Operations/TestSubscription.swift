/// Queues a `notify.test` delivery for the subscription, due now; `notify status` shows how it went.
public struct TestSubscription: AdminOperation {
    public var id: String
    public init(id: String) { self.id = id }

    public struct Queued: Encodable, Sendable, Equatable {
        public var subscription: String
        /// The `X-Scimd-Delivery` id the receiver will see.
        public var delivery: String
    }

    public func perform(_ context: AdminContext) async throws -> Queued {
        let delivery = try await context.services.notifications.queueTest(id: id, info: try context.requestInfo())
        return Queued(subscription: id, delivery: delivery.id)
    }
}
