import SCIM
import Testing

@Suite("SCIMDateTime.format")
struct DateTimeFormatTests {
    @Test("formats UTC with milliseconds", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"), (1, "1970-01-01T00:00:00.001Z"), (-1, "1969-12-31T23:59:59.999Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"), (1_795_286_392_123, "2026-11-21T18:39:52.123Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"), (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"),
    ])
    func knownValues(_ ms: Int64, _ text: String) {
        #expect(SCIMDateTime.format(milliseconds: ms) == text)
    }

    @Test("parse reads back what format wrote, from year 1 to 9999")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        let failing = (0..<2_000).map { _ in Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &generator) }
            .filter { SCIMDateTime.parse(SCIMDateTime.format(milliseconds: $0)) != $0 }
        #expect(failing.isEmpty, "\(failing)")
    }
}
