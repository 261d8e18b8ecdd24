import Hummingbird

extension Request {
    /// The value of query parameter `name`, decoded as HTML forms encode queries: `+` is a space,
    /// then percent escapes. Entra ID and its SCIM validator send `filter=userName+eq+%22…%22`
    /// (RFC 7644 §3.4.2 puts the filter in the query string; WHATWG URL "application/x-www-form-urlencoded").
    /// A client meaning a literal plus sends `%2B`. The first occurrence of `name` wins; nil when absent.
    func scimQueryParameter(_ name: String) -> String? {
        guard let query = uri.query else { return nil }
        return QueryString.value(of: name, in: query)
    }
}

/// Reads one parameter out of a query string on its UTF-8 bytes. A list request asks for
/// seven; splitting the query into Substrings and decoding with Foundation for each cost a
/// quarter of a filtered GET (callgrind, docs/performance.md).
enum QueryString {
    /// `name`'s value: `+` as a space, `%XX` escapes decoded. When an escape is malformed or the
    /// decoded bytes are not UTF-8, the value with only `+` replaced (what Foundation's
    /// `removingPercentEncoding` returning nil left before).
    static func value(of name: String, in query: String) -> String? {
        let key = Array(name.utf8)
        var query = query
        return query.withUTF8 { bytes -> String? in
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
                if end > start {
                    var equals = start
                    while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                    if equals - start == key.count, key.indices.allSatisfy({ bytes[start + $0] == key[$0] }) {
                        return equals == end ? "" : decode(bytes[(equals + 1)..<end])
                    }
                }
                start = end + 1
            }
            return nil
        }
    }

    private static func decode(_ raw: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var index = raw.startIndex
        var wellFormed = true
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "+") {
                decoded.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < raw.endIndex, let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2]) else {
                    wellFormed = false
                    break
                }
                decoded.append(high << 4 | low)
                index += 3
                continue
            } else {
                decoded.append(byte)
            }
            index += 1
        }
        if wellFormed, let text = String(validating: decoded, as: UTF8.self) { return text }
        return String(decoding: raw.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
