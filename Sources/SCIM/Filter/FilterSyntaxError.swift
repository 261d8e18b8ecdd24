/// A syntax error in a filter or attribute path: where it is and what went wrong.
///
/// Internal: the public entry points turn it into `SCIMError.invalidFilter` or `.invalidPath`
/// with a 1-based character position.
struct FilterSyntaxError: Error {
    /// Byte offset into the UTF-8 text.
    var offset: Int
    /// What was expected or found, without the position.
    var message: String
}
