import Foundation

/// Durations an administrator types for notification settings: a whole number and a unit,
/// `ms`, `s`, `m` or `h` (`1s`, `15m`, `2h`).
public enum NotificationDuration {
    /// Milliseconds, or nil when `text` is not such a duration.
    public static func milliseconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (suffix, factor) in [("ms", Int64(1)), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)] where trimmed.hasSuffix(suffix) {
            guard let n = Int64(trimmed.dropLast(suffix.count)), n >= 0, n <= 1_000_000 else { return nil }
            return n * factor
        }
        return nil
    }

    /// `15m`, `1s`, `1500ms`: the shortest exact spelling, for listings.
    public static func format(milliseconds ms: Int64) -> String {
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1_000 == 0 { return "\(ms / 1_000)s" }
        return "\(ms)ms"
    }
}
