/// Parse errors that name the position and the byte found there.
extension JSONParser {
    func stringTooLong(at index: Int) -> SCIMError {
        fail("JSON string longer than \(limits.maxStringBytes) bytes", at: index)
    }

    func fail(_ what: String) -> SCIMError { fail(what, at: pos) }

    /// Builds the error, working out the line and column only now since errors are the rare path.
    func fail(_ what: String, at index: Int) -> SCIMError {
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
    func describe(_ index: Int) -> String {
        guard index < end else { return "end of input" }
        let b = bytes[index]
        return b >= 0x20 && b < 0x7F ? "'\(describeRaw(b))'" : "byte \(hexByte(b))"
    }

    func describeRaw(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? String(Character(Unicode.Scalar(b))) : hexByte(b)
    }

    func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return "0x" + String(decoding: [digits[Int(b >> 4)], digits[Int(b & 0x0F)]], as: UTF8.self)
    }
}
