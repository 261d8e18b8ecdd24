/// Strings (RFC 8259 §7): escape-free runs straight from the buffer, escapes and UTF-8 checked.
extension JSONParser {
    /// Reads a string starting at its opening quote; escape-free strings become a `String` straight from the buffer.
    mutating func parseString() throws(SCIMError) -> String {
        let open = pos
        pos += 1
        let start = pos
        while pos < end {
            while end &- pos >= 8,
                !JSONSWAR.hasStringSpecialOrNonASCII(raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
            {
                pos &+= 8
            }
            guard pos < end else { break }
            let b = bytes[pos]
            if b == JSONByte.quote {
                let length = pos - start
                if length > limits.maxStringBytes { throw stringTooLong(at: open) }
                pos += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<start + length]), as: UTF8.self)
            } else if b == JSONByte.backslash {
                return try parseEscapedString(open: open, start: start)
            } else if b < 0x20 {
                throw fail("unescaped control character \(hexByte(b)) in string")
            } else if b >= 0x80 {
                try skipUTF8Sequence()
            } else {
                pos += 1
            }
        }
        throw fail("unterminated string", at: open)
    }

    /// Finishes a string that has escapes, decoding into `scratch`; `pos` is at the first backslash.
    mutating func parseEscapedString(open: Int, start: Int) throws(SCIMError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < end {
            let b = bytes[pos]
            if b == JSONByte.quote {
                pos += 1
                if scratch.count > limits.maxStringBytes { throw stringTooLong(at: open) }
                return String(decoding: scratch, as: UTF8.self)
            } else if b == JSONByte.backslash {
                try parseEscape()
            } else if b < 0x20 {
                throw fail("unescaped control character \(hexByte(b)) in string")
            } else if b >= 0x80 {
                let runStart = pos
                try skipUTF8Sequence()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<pos]))
            } else {
                scratch.append(b)
                pos += 1
            }
            // Checked as we go because escapes never expand, so the input bounds the work anyway,
            // but there is no point decoding megabytes we will refuse.
            if scratch.count > limits.maxStringBytes { throw stringTooLong(at: open) }
        }
        throw fail("unterminated string", at: open)
    }

    /// Decodes one escape sequence at `pos` (a backslash) into `scratch`.
    mutating func parseEscape() throws(SCIMError) {
        let escapeStart = pos
        pos += 1
        guard pos < end else { throw fail("unterminated string", at: escapeStart) }
        let b = bytes[pos]
        pos += 1
        switch b {
        case JSONByte.quote, JSONByte.backslash, JSONByte.slash: scratch.append(b)
        case JSONByte.lowerB: scratch.append(0x08)
        case JSONByte.lowerF: scratch.append(0x0C)
        case JSONByte.lowerN: scratch.append(0x0A)
        case JSONByte.lowerR: scratch.append(0x0D)
        case JSONByte.lowerT: scratch.append(0x09)
        case JSONByte.lowerU:
            let unit = try parseHex4()
            var scalarValue = UInt32(unit)
            if unit >= 0xD800 && unit <= 0xDBFF {
                // A high surrogate is only meaningful as the first half of a \uXXXX\uXXXX pair.
                guard end - pos >= 2, bytes[pos] == JSONByte.backslash, bytes[pos + 1] == JSONByte.lowerU else {
                    throw fail("unpaired high surrogate in \\u escape", at: escapeStart)
                }
                pos += 2
                let low = try parseHex4()
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw fail("high surrogate not followed by a low surrogate in \\u escape", at: escapeStart)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw fail("unpaired low surrogate in \\u escape", at: escapeStart)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else {
                throw fail("invalid \\u escape", at: escapeStart)
            }
            scratch.append(contentsOf: scalar.utf8)
        default:
            throw fail("invalid escape '\\\(describeRaw(b))' in string", at: escapeStart)
        }
    }

    mutating func parseHex4() throws(SCIMError) -> UInt16 {
        guard end - pos >= 4 else { throw fail("expected four hex digits after \\u") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x41...0x46: digit = b - 0x41 + 10
            case 0x61...0x66: digit = b - 0x61 + 10
            default: throw fail("expected four hex digits after \\u, found \(describe(pos))")
            }
            value = value << 4 | UInt16(digit)
            pos += 1
        }
        return value
    }

    /// Steps over one well-formed UTF-8 sequence (RFC 3629 §4) starting at `pos`, rejecting overlong forms,
    /// encoded surrogates and code points above U+10FFFF.
    mutating func skipUTF8Sequence() throws(SCIMError) {
        let lead = bytes[pos]
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: throw fail("invalid UTF-8 byte \(hexByte(lead)) in string")
        }
        guard end - pos >= length else { throw fail("truncated UTF-8 sequence in string") }
        let second = bytes[pos + 1]
        guard second >= secondLow && second <= secondHigh else {
            throw fail("invalid UTF-8 byte \(hexByte(second)) in string", at: pos + 1)
        }
        var i = 2
        while i < length {
            let b = bytes[pos + i]
            guard b & 0xC0 == 0x80 else { throw fail("invalid UTF-8 byte \(hexByte(b)) in string", at: pos + i) }
            i += 1
        }
        pos += length
    }
}
