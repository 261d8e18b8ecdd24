extension AttributePath {
    /// The longest path accepted, in characters.
    public static let maxLength = 1_000

    /// Parses a PATCH path or an `attributes` entry (RFC 7644 §3.5.2, §3.10):
    /// `[schemaURN:]name["[" valFilter "]"][.subAttribute]`, e.g. `emails[type eq "work"].value`.
    ///
    /// Errors are `invalidPath` naming the problem and its 1-based position.
    public static func parse(_ text: String) throws(SCIMError) -> AttributePath {
        guard !text.isEmpty else { throw .invalidPath("Invalid path: the path is empty") }
        if text.utf8.count > maxLength && text.count > maxLength {
            throw .invalidPath("Invalid path: longer than \(maxLength) characters")
        }
        let bytes = Array(text.utf8)
        do throws(FilterSyntaxError) {
            return try scanPatchPath(bytes)
        } catch {
            throw .invalidPath(
                "Invalid path \(FilterChar.quoted(text, limit: 200)): \(error.message) at position \(FilterChar.column(of: error.offset, in: bytes))")
        }
    }

    /// Scans a whole PATCH path, which may carry a value filter before its sub-attribute.
    private static func scanPatchPath(_ bytes: [UInt8]) throws(FilterSyntaxError) -> AttributePath {
        // A URN's last ":" before any "[" separates it from the attribute name; colons inside the
        // filter (e.g. in a string) do not count.
        let bracket = bytes.firstIndex(of: FilterChar.openBracket) ?? bytes.count
        var (path, i) = try scanHead(bytes, from: 0, to: bracket)
        if i < bytes.count, bytes[i] == FilterChar.openBracket {
            var parser = FilterParser(bytes: bytes, offset: i + 1)
            path.valueFilter = try parser.parseValueFilter(openedAt: i)
            i = parser.offset
        }
        if i < bytes.count, bytes[i] == FilterChar.dot {
            let end = try scanName(bytes, from: i + 1, to: bytes.count, what: "a sub-attribute name")
            path.subAttribute = String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
            i = end
        }
        guard i == bytes.count else {
            throw FilterSyntaxError(offset: i, message: "unexpected \(FilterChar.describeCharacter(at: i, in: bytes))")
        }
        return path
    }

    /// Scans a filter's attribute path `[schemaURN:]name[.subAttribute]` that fills `bytes[start..<end]` exactly.
    static func scan(_ bytes: [UInt8], from start: Int, to end: Int) throws(FilterSyntaxError) -> AttributePath {
        var (path, i) = try scanHead(bytes, from: start, to: end)
        if i < end, bytes[i] == FilterChar.dot {
            let subEnd = try scanName(bytes, from: i + 1, to: end, what: "a sub-attribute name")
            path.subAttribute = String(decoding: bytes[(i + 1)..<subEnd], as: UTF8.self)
            i = subEnd
        }
        guard i == end else {
            throw FilterSyntaxError(
                offset: i, message: "invalid character \(FilterChar.describeCharacter(at: i, in: bytes)) in attribute path")
        }
        return path
    }

    /// Scans the optional schema URN and the attribute name, looking for the URN before `limit`;
    /// returns the path and the offset after the name.
    private static func scanHead(
        _ bytes: [UInt8], from start: Int, to limit: Int
    ) throws(FilterSyntaxError) -> (AttributePath, Int) {
        var schema: String?
        var i = start
        if hasURNPrefix(bytes, at: start, limit: limit),
            let colon = bytes[start..<limit].lastIndex(of: FilterChar.colon)
        {
            if let bad = bytes[start..<colon].firstIndex(where: { $0 <= 0x20 || $0 == 0x7F || $0 == FilterChar.quote }) {
                throw FilterSyntaxError(
                    offset: bad, message: "invalid character \(FilterChar.describeCharacter(at: bad, in: bytes)) in schema URN")
            }
            schema = String(decoding: bytes[start..<colon], as: UTF8.self)
            i = colon + 1
        }
        let end = try scanName(bytes, from: i, to: limit, what: "an attribute name")
        return (AttributePath(schema: schema, name: String(decoding: bytes[i..<end], as: UTF8.self)), end)
    }

    /// Scans an `ATTRNAME = ALPHA *(nameChar)` (RFC 7643 §2.1) or `$ref` starting at `start`
    /// and ending by `limit`; returns its end.
    static func scanName(_ bytes: [UInt8], from start: Int, to limit: Int, what: String) throws(FilterSyntaxError) -> Int {
        guard start < limit else {
            throw FilterSyntaxError(offset: start, message: "expected \(what)")
        }
        // `$ref` is the one attribute name outside the ATTRNAME grammar (RFC 7643 §2.4).
        if bytes[start] == FilterChar.dollar {
            let end = start + 4
            if end <= limit, attributeNamesEqual(String(decoding: bytes[start..<end], as: UTF8.self), "$ref"),
                end == limit || !FilterChar.isNameChar(bytes[end])
            {
                return end
            }
        }
        guard FilterChar.isAlpha(bytes[start]) else {
            throw FilterSyntaxError(
                offset: start,
                message: "expected \(what) (starting with a letter) but found \(FilterChar.describeCharacter(at: start, in: bytes))")
        }
        var i = start + 1
        while i < limit, FilterChar.isNameChar(bytes[i]) { i += 1 }
        return i
    }

    /// True if `bytes[start..<limit]` begins with `urn:` in any case.
    private static func hasURNPrefix(_ bytes: [UInt8], at start: Int, limit: Int) -> Bool {
        guard limit - start >= 4 else { return false }
        return bytes[start] | 0x20 == UInt8(ascii: "u") && bytes[start + 1] | 0x20 == UInt8(ascii: "r")
            && bytes[start + 2] | 0x20 == UInt8(ascii: "n") && bytes[start + 3] == FilterChar.colon
    }
}
