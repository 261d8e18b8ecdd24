/// Serializes a `SCIMValue` into one growing UTF-8 buffer, compact or indented.
struct JSONWriter {
    private(set) var output: [UInt8] = []
    private let pretty: Bool
    private var indent = 0

    init(pretty: Bool) {
        self.pretty = pretty
        // Most SCIM responses are a resource or a page of them; starting at 1 KB skips the small regrowths.
        output.reserveCapacity(1024)
    }

    mutating func write(_ value: SCIMValue) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let b):
            output.append(contentsOf: b ? "true".utf8 : "false".utf8)
        case .integer(let i):
            writeInteger(i)
        case .decimal(let d):
            // JSON has no NaN or infinity; null is the conventional stand-in.
            if d.isFinite {
                output.append(contentsOf: d.description.utf8)
            } else {
                output.append(contentsOf: "null".utf8)
            }
        case .string(let s):
            writeString(s)
        case .array(let elements):
            guard !elements.isEmpty else {
                output.append(JSONByte.openBracket)
                output.append(JSONByte.closeBracket)
                return
            }
            output.append(JSONByte.openBracket)
            indent += 1
            var first = true
            for element in elements {
                if !first { output.append(JSONByte.comma) }
                first = false
                newline()
                write(element)
            }
            indent -= 1
            newline()
            output.append(JSONByte.closeBracket)
        case .object(let object):
            guard !object.isEmpty else {
                output.append(JSONByte.openBrace)
                output.append(JSONByte.closeBrace)
                return
            }
            output.append(JSONByte.openBrace)
            indent += 1
            var first = true
            for entry in object.entries {
                if !first { output.append(JSONByte.comma) }
                first = false
                newline()
                writeString(entry.key)
                output.append(JSONByte.colon)
                if pretty { output.append(JSONByte.space) }
                write(entry.value)
            }
            indent -= 1
            newline()
            output.append(JSONByte.closeBrace)
        }
    }

    private mutating func newline() {
        guard pretty else { return }
        output.append(JSONByte.newline)
        for _ in 0..<(indent * 2) { output.append(JSONByte.space) }
    }

    /// Writes decimal digits straight into the buffer instead of going through `String(i)`.
    private mutating func writeInteger(_ i: Int) {
        if i < 0 { output.append(JSONByte.minus) }
        var magnitude = i.magnitude
        if magnitude < 10 {
            output.append(JSONByte.zero &+ UInt8(truncatingIfNeeded: magnitude))
            return
        }
        var digits = 0
        var rest = magnitude
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        output.append(contentsOf: repeatElement(0, count: digits))
        var index = output.count - 1
        while magnitude > 0 {
            output[index] = JSONByte.zero &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            index -= 1
        }
    }

    private mutating func writeString(_ string: String) {
        var string = string
        // Native strings hand out their UTF-8 storage directly; runs without special bytes are copied in bulk.
        string.withUTF8 { writeEscaped($0) }
    }

    private mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        output.append(JSONByte.quote)
        var runStart = 0
        var i = 0
        let count = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        while i < count {
            while count &- i >= 8, !JSONSWAR.hasStringSpecial(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i &+= 8
            }
            guard i < count else { break }
            let b = bytes[i]
            // RFC 8259 §7 requires escaping only '"', '\' and C0 controls; everything else, '/' and non-ASCII
            // included, goes out raw.
            guard b < 0x20 || b == JSONByte.quote || b == JSONByte.backslash else {
                i += 1
                continue
            }
            if runStart < i { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            output.append(JSONByte.backslash)
            switch b {
            case JSONByte.quote, JSONByte.backslash: output.append(b)
            case 0x08: output.append(JSONByte.lowerB)
            case 0x0C: output.append(JSONByte.lowerF)
            case 0x0A: output.append(JSONByte.lowerN)
            case 0x0D: output.append(JSONByte.lowerR)
            case 0x09: output.append(JSONByte.lowerT)
            default:
                let hex: StaticString = "0123456789abcdef"
                output.append(JSONByte.lowerU)
                output.append(JSONByte.zero)
                output.append(JSONByte.zero)
                hex.withUTF8Buffer { digits in
                    output.append(digits[Int(b >> 4)])
                    output.append(digits[Int(b & 0x0F)])
                }
            }
            i += 1
            runStart = i
        }
        if runStart < count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
        output.append(JSONByte.quote)
    }
}
