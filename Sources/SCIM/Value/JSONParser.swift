/// ASCII bytes the JSON grammar cares about, named so the scanner reads like the grammar.
enum JSONByte {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let period: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let upperE: UInt8 = 0x45
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let lowerB: UInt8 = 0x62
    static let lowerE: UInt8 = 0x65
    static let lowerF: UInt8 = 0x66
    static let lowerN: UInt8 = 0x6E
    static let lowerR: UInt8 = 0x72
    static let lowerT: UInt8 = 0x74
    static let lowerU: UInt8 = 0x75
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
}

/// Word-at-a-time byte class tests, so runs of ordinary string bytes are skipped eight at a time.
enum JSONSWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// True if some byte of `word` is `byte` (may also flag bytes above a real match, which callers tolerate).
    @inline(__always)
    static func contains(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highBits != 0
    }

    /// True if some byte of `word` is a C0 control, '"' or '\', the bytes JSON strings treat specially.
    @inline(__always)
    static func hasStringSpecial(_ word: UInt64) -> Bool {
        let control = (word &- ones &* 0x20) & ~word & highBits
        return control != 0 || contains(word, JSONByte.quote) || contains(word, JSONByte.backslash)
    }

    /// Like `hasStringSpecial`, but also flags non-ASCII bytes, which the parser must validate.
    @inline(__always)
    static func hasStringSpecialOrNonASCII(_ word: UInt64) -> Bool {
        word & highBits != 0 || hasStringSpecial(word)
    }
}

/// A strict RFC 8259 parser over a contiguous UTF-8 buffer.
///
/// It keeps its own stack of open containers instead of recursing, so nesting depth is bounded only by
/// `JSONLimits.maxDepth` and never by the thread's stack size.
struct JSONParser {
    /// An array or object whose members are still being read.
    private struct Frame {
        var isObject: Bool
        var values: [SCIMValue] = []
        var entries: [SCIMObject.Entry] = []
        /// The key of the object member whose value is being parsed.
        var key: String = ""
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let raw: UnsafeRawBufferPointer
    private let end: Int
    private let limits: JSONLimits
    private var pos = 0
    private var elements = 0
    /// Reused across strings that contain escapes, so only the first one allocates.
    private var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.raw = UnsafeRawBufferPointer(bytes)
        self.end = bytes.count
        self.limits = limits
    }

    /// Parses exactly one JSON value surrounded by optional whitespace.
    mutating func parseDocument() throws(SCIMError) -> SCIMValue {
        // RFC 8259 §8.1 lets parsers ignore a byte order mark; some Windows clients send one.
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
        var stack: [Frame] = []
        var value: SCIMValue
        parsing: while true {
            skipWhitespace()
            guard pos < end else { throw fail("expected a value, found end of input") }
            elements += 1
            if elements > limits.maxElements {
                throw fail("JSON has more than \(limits.maxElements) values")
            }
            switch bytes[pos] {
            case JSONByte.openBrace:
                if stack.count >= limits.maxDepth { throw fail("JSON nested deeper than \(limits.maxDepth) levels") }
                pos += 1
                skipWhitespace()
                if pos < end, bytes[pos] == JSONByte.closeBrace {
                    pos += 1
                    value = .object(SCIMObject())
                } else {
                    var frame = Frame(isObject: true)
                    frame.key = try parseKey()
                    stack.append(frame)
                    continue parsing
                }
            case JSONByte.openBracket:
                if stack.count >= limits.maxDepth { throw fail("JSON nested deeper than \(limits.maxDepth) levels") }
                pos += 1
                skipWhitespace()
                if pos < end, bytes[pos] == JSONByte.closeBracket {
                    pos += 1
                    value = .array([])
                } else {
                    stack.append(Frame(isObject: false))
                    continue parsing
                }
            case JSONByte.quote:
                value = .string(try parseString())
            case JSONByte.minus, JSONByte.zero...JSONByte.nine:
                value = try parseNumber()
            case JSONByte.lowerT:
                try expectLiteral("true")
                value = .bool(true)
            case JSONByte.lowerF:
                try expectLiteral("false")
                value = .bool(false)
            case JSONByte.lowerN:
                try expectLiteral("null")
                value = .null
            default:
                throw fail("expected a value, found \(describe(pos))")
            }

            // Hand the finished value to its parent, closing every container that ends right after it.
            while let top = stack.indices.last {
                skipWhitespace()
                if stack[top].isObject {
                    let key = stack[top].key
                    stack[top].entries.append(SCIMObject.Entry(key: key, value: value))
                    guard pos < end else { throw fail("expected ',' or '}' after object member, found end of input") }
                    switch bytes[pos] {
                    case JSONByte.comma:
                        if stack[top].entries.count >= limits.maxObjectMembers {
                            throw fail("JSON object has more than \(limits.maxObjectMembers) members")
                        }
                        pos += 1
                        stack[top].key = try parseKey()
                        continue parsing
                    case JSONByte.closeBrace:
                        pos += 1
                        value = .object(Self.makeObject(stack.removeLast().entries))
                    default:
                        throw fail("expected ',' or '}' after object member, found \(describe(pos))")
                    }
                } else {
                    stack[top].values.append(value)
                    guard pos < end else { throw fail("expected ',' or ']' after array element, found end of input") }
                    switch bytes[pos] {
                    case JSONByte.comma:
                        pos += 1
                        skipWhitespace()
                        if pos < end, bytes[pos] == JSONByte.closeBracket {
                            throw fail("expected a value after ',', found ']' (trailing commas are not allowed)")
                        }
                        continue parsing
                    case JSONByte.closeBracket:
                        pos += 1
                        value = .array(stack.removeLast().values)
                    default:
                        throw fail("expected ',' or ']' after array element, found \(describe(pos))")
                    }
                }
            }

            skipWhitespace()
            guard pos == end else { throw fail("expected end of input after JSON value, found \(describe(pos))") }
            return value
        }
    }

    /// Builds an object with later-wins duplicate handling, hashing folded keys once objects get large.
    private static func makeObject(_ entries: [SCIMObject.Entry]) -> SCIMObject {
        // SCIMObject's own duplicate check is a linear scan per key: fastest for typical resources, quadratic for big ones.
        if entries.count <= 64 { return SCIMObject(entries) }
        var positions: [String: Int] = [:]
        positions.reserveCapacity(entries.count)
        var unique: [SCIMObject.Entry] = []
        unique.reserveCapacity(entries.count)
        for entry in entries {
            let folded = String(decoding: entry.key.utf8.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
            if let i = positions[folded] {
                unique[i].value = entry.value
            } else {
                positions[folded] = unique.count
                unique.append(entry)
            }
        }
        return SCIMObject(uniqueEntries: unique)
    }

    // MARK: - Tokens

    private mutating func skipWhitespace() {
        while pos < end {
            let b = bytes[pos]
            guard b == JSONByte.space || b == JSONByte.newline || b == JSONByte.carriageReturn || b == JSONByte.tab
            else { return }
            pos += 1
        }
    }

    /// Reads `"key" :` and leaves the position at the member's value.
    private mutating func parseKey() throws(SCIMError) -> String {
        skipWhitespace()
        guard pos < end, bytes[pos] == JSONByte.quote else {
            if pos < end, bytes[pos] == JSONByte.closeBrace {
                throw fail("expected '\"' to start an object key, found '}' (trailing commas are not allowed)")
            }
            throw fail("expected '\"' to start an object key, found \(describe(pos))")
        }
        let key = try parseString()
        skipWhitespace()
        guard pos < end, bytes[pos] == JSONByte.colon else {
            throw fail("expected ':' after object key, found \(describe(pos))")
        }
        pos += 1
        return key
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(SCIMError) {
        let start = pos
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { text -> Bool in
            guard end - start >= count else { return false }
            for i in 0..<count where bytes[start + i] != text[i] { return false }
            return true
        }
        guard matches else { throw fail("invalid literal, expected '\(literal)'", at: start) }
        pos += count
    }

    // MARK: - Strings

    /// Reads a string starting at its opening quote; escape-free strings become a `String` straight from the buffer.
    private mutating func parseString() throws(SCIMError) -> String {
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
    private mutating func parseEscapedString(open: Int, start: Int) throws(SCIMError) -> String {
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
    private mutating func parseEscape() throws(SCIMError) {
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

    private mutating func parseHex4() throws(SCIMError) -> UInt16 {
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
    private mutating func skipUTF8Sequence() throws(SCIMError) {
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

    // MARK: - Numbers

    /// Reads a number: integers that fit `Int` stay exact, anything else becomes a finite `Double`.
    private mutating func parseNumber() throws(SCIMError) -> SCIMValue {
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
    private func isDigit(_ b: UInt8) -> Bool { b &- JSONByte.zero < 10 }

    // MARK: - Errors

    private func stringTooLong(at index: Int) -> SCIMError {
        fail("JSON string longer than \(limits.maxStringBytes) bytes", at: index)
    }

    private func fail(_ what: String) -> SCIMError { fail(what, at: pos) }

    /// Builds the error, working out the line and column only now since errors are the rare path.
    private func fail(_ what: String, at index: Int) -> SCIMError {
        var line = 1
        var column = 1
        var i = 0
        let stop = min(index, end)
        while i < stop {
            let b = bytes[i]
            if b == JSONByte.newline {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                // Count characters, not bytes: continuation bytes belong to the previous character.
                column += 1
            }
            i += 1
        }
        return .invalidSyntax("Malformed JSON at line \(line), column \(column): \(what)")
    }

    /// Names the byte at `index` for an error message.
    private func describe(_ index: Int) -> String {
        guard index < end else { return "end of input" }
        let b = bytes[index]
        return b >= 0x20 && b < 0x7F ? "'\(describeRaw(b))'" : "byte \(hexByte(b))"
    }

    private func describeRaw(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? String(Character(Unicode.Scalar(b))) : hexByte(b)
    }

    private func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return "0x" + String(decoding: [digits[Int(b >> 4)], digits[Int(b & 0x0F)]], as: UTF8.self)
    }
}
