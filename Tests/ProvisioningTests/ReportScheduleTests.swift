import Foundation
import Provisioning
import SCIM
import Testing

/// When the daily report is due: the latest `hour`:00 in the zone at or before now, covering the
/// local day before it, across daylight-saving changes.
@Suite("Daily report schedule")
struct ReportScheduleTests {
    static func ms(_ text: String) -> Int64 { SCIMDateTime.parse(text) ?? -1 }

    @Test("before the hour the due instant is yesterday's; after it, today's")
    func beforeAndAfter() throws {
        let before = try #require(ReportSchedule.latest(nowMs: Self.ms("2026-12-01T06:59:00Z"), hour: 8, timeZone: "Europe/Berlin"))
        #expect(before.dueMs == Self.ms("2026-11-30T07:00:00Z") && before.sinceMs == Self.ms("2026-11-29T07:00:00Z"))
        let after = try #require(ReportSchedule.latest(nowMs: Self.ms("2026-12-01T07:00:00Z"), hour: 8, timeZone: "Europe/Berlin"))
        #expect(after.dueMs == Self.ms("2026-12-01T07:00:00Z") && after.sinceMs == Self.ms("2026-11-30T07:00:00Z"))
        let utc = try #require(ReportSchedule.latest(nowMs: Self.ms("2026-12-01T23:30:00Z"), hour: 0, timeZone: "UTC"))
        #expect(utc.dueMs == Self.ms("2026-12-01T00:00:00Z"))
    }

    @Test("the day of a daylight-saving change is 23 hours long on the wall clock's terms")
    func daylightSaving() throws {
        // Europe/Berlin moves from UTC+1 to UTC+2 on 2026-03-29.
        let spring = try #require(ReportSchedule.latest(nowMs: Self.ms("2026-03-30T12:00:00Z"), hour: 8, timeZone: "Europe/Berlin"))
        #expect(spring.dueMs == Self.ms("2026-03-30T06:00:00Z") && spring.sinceMs == Self.ms("2026-03-29T06:00:00Z"))
        let onTheDay = try #require(ReportSchedule.latest(nowMs: Self.ms("2026-03-29T12:00:00Z"), hour: 8, timeZone: "Europe/Berlin"))
        #expect(onTheDay.dueMs - onTheDay.sinceMs == 23 * 3_600_000)
    }

    @Test("an unknown zone has no schedule")
    func unknownZone() {
        #expect(ReportSchedule.latest(nowMs: 0, hour: 8, timeZone: "Mars/Base") == nil)
    }
}
