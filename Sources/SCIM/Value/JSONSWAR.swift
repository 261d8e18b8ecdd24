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
