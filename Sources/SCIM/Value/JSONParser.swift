/// A strict RFC 8259 parser over a contiguous UTF-8 buffer.
///
/// It keeps its own stack of open containers instead of recursing, so nesting depth is bounded only by
/// `JSONLimits.maxDepth` and never by the thread's stack size.
struct JSONParser {
    /// An array or object whose members are still being read.
    struct Frame {
        var isObject: Bool
        var values: [SCIMValue] = []
        var entries: [SCIMObject.Entry] = []
        /// The key of the object member whose value is being parsed.
        var key: String = ""
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let raw: UnsafeRawBufferPointer
    let end: Int
    let limits: JSONLimits
    var pos = 0
    var elements = 0
    /// Reused across strings that contain escapes, so only the first one allocates.
    var scratch: [UInt8] = []

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
    static func makeObject(_ entries: [SCIMObject.Entry]) -> SCIMObject {
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

    mutating func skipWhitespace() {
        while pos < end {
            let b = bytes[pos]
            guard b == JSONByte.space || b == JSONByte.newline || b == JSONByte.carriageReturn || b == JSONByte.tab
            else { return }
            pos += 1
        }
    }

    /// Reads `"key" :` and leaves the position at the member's value.
    mutating func parseKey() throws(SCIMError) -> String {
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

    mutating func expectLiteral(_ literal: StaticString) throws(SCIMError) {
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
}
