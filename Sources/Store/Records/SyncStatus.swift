/// Outcome of a sync-log entry (requirements §7).
public enum SyncStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case success, failure, skipped, warning
}
