/// Trimming in header values without Foundation's `CharacterSet`: `trimmingCharacters(in:
/// .whitespaces)` cost ~31,000 instructions a call, 4.6 % of a GET, on every request's
/// `Authorization` header (docs/performance.md, callgrind).
enum HeaderText {
    /// What `trimmingCharacters(in: .whitespaces)` returns: tab and the Unicode space
    /// separators (general category Zs, which includes the ASCII space) cut from both ends.
    static func trimmed(_ text: Substring) -> String {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isWhitespace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isWhitespace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(Substring(scalars[start..<end]))
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || (!scalar.isASCII && scalar.properties.generalCategory == .spaceSeparator)
    }
}
