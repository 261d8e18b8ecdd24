import Foundation

/// When a subscription's daily report is due: at `hour`:00 local time in an IANA zone, covering
/// the local day before it (23 or 25 hours across a daylight-saving change, as the wall clock says).
public enum ReportSchedule {
    /// The latest report instant at or before `nowMs`, and the start of the period it covers;
    /// nil when the zone is unknown.
    public static func latest(nowMs: Int64, hour: Int, timeZone: String) -> (dueMs: Int64, sinceMs: Int64)? {
        guard let zone = TimeZone(identifier: timeZone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let now = Date(timeIntervalSince1970: Double(nowMs) / 1_000)
        func atHour(onDayOf date: Date) -> Date? {
            var parts = calendar.dateComponents([.year, .month, .day], from: date)
            parts.hour = hour
            parts.minute = 0
            parts.second = 0
            return calendar.date(from: parts)
        }
        guard var due = atHour(onDayOf: now) else { return nil }
        if due > now, let yesterday = calendar.date(byAdding: .day, value: -1, to: now), let earlier = atHour(onDayOf: yesterday) {
            due = earlier
        }
        guard let dayBefore = calendar.date(byAdding: .day, value: -1, to: due), let since = atHour(onDayOf: dayBefore) else { return nil }
        return (Int64((due.timeIntervalSince1970 * 1_000).rounded()), Int64((since.timeIntervalSince1970 * 1_000).rounded()))
    }
}
