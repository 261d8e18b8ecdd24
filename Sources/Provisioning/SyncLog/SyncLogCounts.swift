import Store

/// The at-a-glance counts of a list of sync-log entries (requirements §7): successful creates,
/// updates and deletes — whether the identity provider or an administrator made them — and
/// failures and skips.
public struct SyncLogCounts: Sendable, Equatable {
    public var created = 0
    public var updated = 0
    public var deleted = 0
    public var failed = 0
    public var skipped = 0

    public init(_ entries: some Sequence<SyncLogEntry>) {
        for entry in entries {
            switch entry.status {
            case .failure: failed += 1
            case .skipped: skipped += 1
            case .success, .warning:
                guard entry.status == .success else { continue }
                switch Self.effect(operation: entry.operation, write: entry.details?["write"]?.stringValue) {
                case .created?: created += 1
                case .updated?: updated += 1
                case .deleted?: deleted += 1
                case nil: break
                }
            }
        }
    }

    /// What a successful write did to its resource; the sync report counts with the same table.
    enum Effect { case created, updated, deleted }

    /// The effect of a successful entry of `operation`, whose `details.write` is `write`.
    static func effect(operation: String, write: String?) -> Effect? {
        effects[operation] ?? effects[write ?? operation]
    }

    /// Which operations count as what: SCIM writes and their local equivalents. An entry named
    /// after its origin (`provision-on-demand`) says its write in `details.write`.
    private static let effects: [String: Effect] = [
        SyncOperation.create.rawValue: .created, LocalUserOperation.create.rawValue: .created,
        SyncOperation.replace.rawValue: .updated, SyncOperation.patch.rawValue: .updated,
        LocalUserOperation.update.rawValue: .updated, LocalUserOperation.deactivate.rawValue: .updated,
        LocalUserOperation.activate.rawValue: .updated,
        SyncOperation.delete.rawValue: .deleted, LocalUserOperation.delete.rawValue: .deleted,
    ]
}
