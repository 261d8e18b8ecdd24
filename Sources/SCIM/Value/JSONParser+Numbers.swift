/// Numbers (RFC 8259 §6).
extension JSONParser {
    /// Reads a number: integers that fit `Int` stay exact, anything else becomes a finite `Double`.
    mutating func parseNumber() throws(SCIMError) -> SCIMValue {
        let start = pos
        var negative = false
        if bytes[pos] == JSONByte.minus {
            negative = true
            pos += 1
        }
        guard pos < end, isDigit(bytes[pos]) else { throw fail("expected a digit after '-', found \(describe(pos))") }
        var magnitude: UInt64 = 0
        var overflow = false
        if bytes[pos] == JSONByte.zero {
            pos += 1
            if pos < end, isDigit(bytes[pos]) { throw fail("leading zeros are not allowed in numbers", at: start) }
        } else {
            while pos < end, isDigit(bytes[pos]) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[pos] &- JSONByte.zero))
                overflow = overflow || o1 || o2
                magnitude = sum
                pos += 1
            }
        }
        var integral = true
        if pos < end, bytes[pos] == JSONByte.period {
            integral = false
            pos += 1
            guard pos < end, isDigit(bytes[pos]) else {
                throw fail("expected a digit after the decimal point, found \(describe(pos))")
            }
            while pos < end, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < end, bytes[pos] == JSONByte.lowerE || bytes[pos] == JSONByte.upperE {
            integral = false
            pos += 1
            if pos < end, bytes[pos] == JSONByte.plus || bytes[pos] == JSONByte.minus { pos += 1 }
            guard pos < end, isDigit(bytes[pos]) else {
                throw fail("expected a digit in the exponent, found \(describe(pos))")
            }
            while pos < end, isDigit(bytes[pos]) { pos += 1 }
        }
        if integral && !overflow {
            if negative {
                if magnitude <= UInt64(Int.max) + 1 { return .integer(Int(truncatingIfNeeded: 0 &- magnitude)) }
            } else if magnitude <= UInt64(Int.max) {
                return .integer(Int(magnitude))
            }
        }
        // The grammar is already checked, so the stdlib's correctly rounded conversion only sees valid text.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw fail("number \(text.prefix(40)) is out of range", at: start)
        }
        return .decimal(double)
    }

    @inline(__always)
    func isDigit(_ b: UInt8) -> Bool { b &- JSONByte.zero < 10 }
}
