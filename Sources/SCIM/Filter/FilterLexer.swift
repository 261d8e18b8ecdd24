/// A syntax error in a filter or attribute path: where it is and what went wrong.
///
/// Internal: the public entry points turn it into `SCIMError.invalidFilter` or `.invalidPath`
/// with a 1-based character position.
struct FilterSyntaxError: Error {
    /// Byte offset into the UTF-8 text.
    var offset: Int
    /// What was expected or found, without the position.
    var message: String
}

/// One token of a filter expression (RFC 7644 §3.4.2.2).
enum FilterToken: Equatable {
    case openParen, closeParen, openBracket, closeBracket
    /// A quoted JSON string, already unescaped.
    case string(String)
    /// A run of characters up to whitespace, a parenthesis, a bracket or a quote:
    /// an attribute path, an operator, a keyword or a literal.
    case word(String)
    case end
}

/// A token together with the byte range it was scanned from.
struct FilterLexeme {
    var token: FilterToken
    var start: Int
    var end: Int
}

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

/// Byte classes shared by the filter and path scanners.
enum FilterChar {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let openParen = UInt8(ascii: "(")
    static let closeParen = UInt8(ascii: ")")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let colon = UInt8(ascii: ":")
    static let dot = UInt8(ascii: ".")
    static let dollar = UInt8(ascii: "$")

    /// RFC 7644 only uses SP; tabs and line breaks are tolerated as well.
    static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    /// `nameChar = "-" / "_" / DIGIT / ALPHA` (RFC 7643 §2.1).
    static func isNameChar(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) || b == 0x2D || b == 0x5F }
    /// True for a byte that ends a word token.
    static func endsWord(_ b: UInt8) -> Bool {
        isWhitespace(b) || b == quote || b == openParen || b == closeParen || b == openBracket || b == closeBracket
    }
    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }

    /// `text` in quotes for an error message: control characters escaped as `\uXXXX`,
    /// and shortened past `limit` characters so details stay readable.
    static func quoted(_ text: String, limit: Int = 40) -> String {
        var out = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "..."
                break
            }
            count += 1
            if scalar.value < 0x20 || scalar.value == 0x7F {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The 1-based character column of a byte offset, for error messages.
    static func column(of offset: Int, in bytes: [UInt8]) -> Int {
        String(decoding: bytes[0..<min(max(offset, 0), bytes.count)], as: UTF8.self).count + 1
    }

    /// A readable rendering of the character at `offset`, e.g. `":"` or `U+0007`.
    static func describeCharacter(at offset: Int, in bytes: [UInt8]) -> String {
        guard offset < bytes.count else { return "the end of the input" }
        let b = bytes[offset]
        if b >= 0x20 && b < 0x7F { return "\"\(Character(Unicode.Scalar(b)))\"" }
        let scalar = String(decoding: bytes[offset..<min(offset + 4, bytes.count)], as: UTF8.self).unicodeScalars.first
        let value = scalar?.value ?? UInt32(b)
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
