/// RFC 3339 / xsd:dateTime conversion to and from epoch milliseconds, without Foundation
/// formatters: every response carries two timestamps, so this is on the hot path.
public enum SCIMDateTime {
    /// Formats as `2026-11-23T18:39:52.123Z` (UTC, millisecond precision).
    public static func format(milliseconds ms: Int64) -> String {
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - seconds * 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = civil(fromDays: days)
        // Written in place: an array per field cost ~7,800 instructions a timestamp, two per
        // response (docs/performance.md, callgrind).
        return String(unsafeUninitializedCapacity: 24) { out in
            var i = 0
            func put(_ v: Int, _ width: Int) {
                var x = v
                var k = i + width - 1
                while k >= i {
                    out[k] = UInt8(48 + x % 10)
                    x /= 10
                    k -= 1
                }
                i += width
            }
            func mark(_ byte: UInt8) {
                out[i] = byte
                i += 1
            }
            put(Int(y), 4); mark(45)
            put(m, 2); mark(45)
            put(d, 2); mark(84)
            put(secondOfDay / 3600, 2); mark(58)
            put(secondOfDay / 60 % 60, 2); mark(58)
            put(secondOfDay % 60, 2); mark(46)
            put(millis, 3); mark(90)
            return i
        }
    }

    /// Parses an RFC 3339 date-time or xsd:dateTime (RFC 7643 §2.3.5) into epoch milliseconds;
    /// nil if malformed or out of range. The one dateTime grammar of scimd: the validator accepts
    /// exactly what filters can compare, so a stored value is always filterable.
    ///
    ///     ["-"] YYYY-MM-DD ("T" / "t") hh:mm:ss ["." 1*DIGIT] ["Z" / "z" / ("+" / "-") hh:mm]
    ///
    /// - Four-digit years, negative ones too (xsd's `-0044`); xsd's longer years are refused, so
    ///   no value overflows milliseconds. The day must exist in its month.
    /// - xsd's `24:00:00` (the end of a day) and RFC 3339's leap second `:60` are accepted; a leap
    ///   second counts as :59.999 of its minute, so comparisons stay monotonic.
    /// - Without an offset the time is read as UTC (xsd leaves it unspecified).
    /// - Offsets up to ±23:59 (RFC 3339 §5.6 `time-numoffset`); fractions beyond milliseconds are cut.
    public static func parse(_ text: String) -> Int64? {
        var b = Array(text.utf8)
        // xsd:dateTime allows a negative year; the sign is read here, the digits below.
        let negativeYear = b.first == 45
        if negativeYear { b.removeFirst() }
        guard b.count >= 19 else { return nil }
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let digits = num(0, 4), b[4] == 45, let month = num(5, 2), b[7] == 45, let day = num(8, 2),
            b[10] == 84 || b[10] == 116, let hour = num(11, 2), b[13] == 58, let minute = num(14, 2),
            b[16] == 58, let second = num(17, 2),
            (1...12).contains(month), (1...daysIn(month: month, year: negativeYear ? -digits : digits)).contains(day)
        else { return nil }
        let year = negativeYear ? -digits : digits
        let endOfDay = hour == 24 && minute == 0 && second == 0
        guard endOfDay || (hour < 24 && minute < 60 && second <= 60) else { return nil }
        var i = 19
        var millis = 0
        if i < b.count, b[i] == 46 {
            i += 1
            var digits = 0
            var fractionIsZero = true
            while i < b.count, b[i] >= 48 && b[i] <= 57 {
                if digits < 3 { millis = millis * 10 + Int(b[i] - 48) }
                if b[i] != 48 { fractionIsZero = false }
                digits += 1
                i += 1
            }
            guard digits > 0, !endOfDay || fractionIsZero else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        var offset = 0
        if i < b.count {
            if b[i] == 90 || b[i] == 122 {
                i += 1
            } else if b[i] == 43 || b[i] == 45 {
                guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = num(i + 4, 2), oh < 24, om < 60 else {
                    return nil
                }
                offset = (oh * 60 + om) * 60 * (b[i] == 43 ? 1 : -1)
                i += 6
            } else {
                return nil
            }
        }
        guard i == b.count else { return nil }
        if second == 60 { millis = 999 }
        let days = days(fromCivil: Int64(year), month, day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offset)
        return seconds * 1000 + Int64(millis)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    private static func days(fromCivil y0: Int64, _ m: Int, _ d: Int) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays z0: Int64) -> (Int64, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
