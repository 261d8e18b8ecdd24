extension AttributePath {
    /// Parses a PATCH path or an `attributes` entry. Stub: replaced by the real parser.
    public static func parse(_ text: String) throws(SCIMError) -> AttributePath {
        throw .invalidPath("path parser not implemented")
    }
}
