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
