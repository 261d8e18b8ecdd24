/// What a write transaction did that must be acted on after it commits.
final class TransactionEffects: @unchecked Sendable {
    // Used by the one task that owns the transaction.
    var deletedResources = false
}
