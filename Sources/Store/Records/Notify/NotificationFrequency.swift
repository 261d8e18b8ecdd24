/// How often a subscription hears about the sync log (requirements §8). It governs only the
/// `sync.report` and `sync.errors` events; resource events follow the subscription's event types.
public enum NotificationFrequency: String, Sendable, Hashable, CaseIterable, Codable {
    /// The daily report at the report hour, and error alerts.
    case daily
    /// Error alerts only.
    case errorsOnly = "errors-only"
    /// Neither.
    case never
}
