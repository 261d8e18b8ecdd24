/// What a write transaction did that must be acted on after it commits.
package final class TransactionEffects: @unchecked Sendable {
    // Used by the one task that owns the transaction.
    package var deletedResources = false
    /// The statuses of the sync-log entries it appended, counted once it has committed.
    package var loggedStatuses: [SyncStatus] = []

    package init() {}
}
