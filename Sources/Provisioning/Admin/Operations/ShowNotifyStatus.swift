/// Per subscription of the tenant: pending, delivered and failed counts, the latest attempts and
/// the failed deliveries with their errors.
public struct ShowNotifyStatus: AdminOperation {
    public var attempts: Int
    public init(attempts: Int = 10) { self.attempts = attempts }

    public func perform(_ context: AdminContext) async throws -> NotifyStatusSummary {
        guard (1...1_000).contains(attempts) else { throw AdminError(.invalid, "attempts must be between 1 and 1000.") }
        let service = context.services.notifications
        var entries: [NotifyStatusSummary.Entry] = []
        for record in try await service.subscriptions(tenant: try context.requireTenant()) {
            entries.append(NotifyStatusSummary.Entry(try await service.status(of: record, attempts: attempts)))
        }
        return NotifyStatusSummary(subscriptions: entries)
    }
}
