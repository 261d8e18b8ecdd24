/// Scans the tokens of a filter from UTF-8 bytes, one at a time.
///
/// Works on bytes so scanning is linear and never slices inside a multi-byte character:
/// every delimiter is FilterChar, and the bytes between delimiters are copied whole.
struct FilterLexer {
    let bytes: [UInt8]
    /// Where the next token starts (before any whitespace).
    var offset: Int

    init(bytes: [UInt8], offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Scans the token at `offset` without consuming it.
    func scan() throws(FilterSyntaxError) -> FilterLexeme {
        var i = offset
        while i < bytes.count, FilterChar.isWhitespace(bytes[i]) { i += 1 }
        guard i < bytes.count else { return FilterLexeme(token: .end, start: i, end: i) }
        switch bytes[i] {
        case FilterChar.openParen: return FilterLexeme(token: .openParen, start: i, end: i + 1)
        case FilterChar.closeParen: return FilterLexeme(token: .closeParen, start: i, end: i + 1)
        case FilterChar.openBracket: return FilterLexeme(token: .openBracket, start: i, end: i + 1)
        case FilterChar.closeBracket: return FilterLexeme(token: .closeBracket, start: i, end: i + 1)
        case FilterChar.quote: return try scanString(from: i)
        default:
            var j = i + 1
            while j < bytes.count, !FilterChar.endsWord(bytes[j]) { j += 1 }
            return FilterLexeme(token: .word(String(decoding: bytes[i..<j], as: UTF8.self)), start: i, end: j)
        }
    }

    /// Scans a JSON string (RFC 8259 §7) starting at the opening quote.
    ///
    /// Raw control characters are tolerated: `ComparisonValue.description` does not escape them,
    /// and a filter must survive a round trip through its description.
    private func scanString(from start: Int) throws(FilterSyntaxError) -> FilterLexeme {
        var out: [UInt8] = []
        var i = start + 1
        while i < bytes.count {
            let b = bytes[i]
            if b == FilterChar.quote {
                return FilterLexeme(token: .string(String(decoding: out, as: UTF8.self)), start: start, end: i + 1)
            }
            guard b == FilterChar.backslash else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < bytes.count else { break }
            switch bytes[i + 1] {
            case FilterChar.quote, FilterChar.backslash, FilterChar.slash: out.append(bytes[i + 1])
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let (scalar, next) = try scanUnicodeEscape(at: i)
                UTF8.encode(scalar) { out.append($0) }
                i = next
                continue
            default:
                throw FilterSyntaxError(offset: i, message: "invalid escape sequence in string")
            }
            i += 2
        }
        throw FilterSyntaxError(offset: start, message: "unterminated string")
    }

    /// Decodes `\uXXXX` at `i` (the backslash), joining a UTF-16 surrogate pair (RFC 8259 §7).
    private func scanUnicodeEscape(at i: Int) throws(FilterSyntaxError) -> (Unicode.Scalar, Int) {
        guard let high = hex4(at: i + 2) else {
            throw FilterSyntaxError(offset: i, message: "\\u must be followed by four hex digits")
        }
        if let scalar = Unicode.Scalar(high) { return (scalar, i + 6) }
        // Not a scalar on its own, so a surrogate: it must be a high one followed by `\uDC00`–`\uDFFF`.
        guard (0xD800...0xDBFF).contains(high), i + 7 < bytes.count,
            bytes[i + 6] == FilterChar.backslash, bytes[i + 7] == UInt8(ascii: "u"),
            let low = hex4(at: i + 8), (0xDC00...0xDFFF).contains(low),
            let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        else {
            throw FilterSyntaxError(offset: i, message: "unpaired UTF-16 surrogate in \\u escape")
        }
        return (scalar, i + 12)
    }

    /// Four hex digits at `i` as a number, or nil.
    private func hex4(at i: Int) -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for b in bytes[i..<i + 4] {
            guard let d = FilterChar.hexValue(b) else { return nil }
            value = value << 4 | d
        }
        return value
    }

    /// Interprets a bare word as a `compValue` literal: `true`, `false`, `null` or a JSON number.
    ///
    /// RFC 7644 §3.4.2.2 spells the keywords in lowercase; any case is accepted, like the operators.
    static func literal(_ word: String) -> ComparisonValue? {
        if let flag = lenientBoolean(word) { return .bool(flag) }
        if attributeNamesEqual(word, "null") { return .null }
        guard let integral = numberShape(word) else { return nil }
        if integral, let i = Int(word) { return .integer(i) }
        guard let d = Double(word), d.isFinite else { return nil }
        return .decimal(d)
    }

    /// Checks the JSON number grammar `-? digits (. digits)? ([eE] [+-]? digits)?`;
    /// returns whether it is integral (no fraction, no exponent), or nil if not a number.
    private static func numberShape(_ word: String) -> Bool? {
        let u = Array(word.utf8)
        var i = 0
        func digits() -> Bool {
            let start = i
            while i < u.count, FilterChar.isDigit(u[i]) { i += 1 }
            return i > start
        }
        if i < u.count, u[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() else { return nil }
        var integral = true
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            integral = false
            guard digits() else { return nil }
        }
        if i < u.count, u[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            integral = false
            if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() else { return nil }
        }
        return i == u.count ? integral : nil
    }
}
