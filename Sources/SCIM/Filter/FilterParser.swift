extension Filter {
    /// Parses a filter expression. Stub: replaced by the real parser.
    public static func parse(_ text: String) throws(SCIMError) -> Filter {
        throw .invalidFilter("filter parser not implemented")
    }
}
