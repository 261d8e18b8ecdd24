/// One token of a filter expression (RFC 7644 §3.4.2.2).
enum FilterToken: Equatable {
    case openParen, closeParen, openBracket, closeBracket
    /// A quoted JSON string, already unescaped.
    case string(String)
    /// A run of characters up to whitespace, a parenthesis, a bracket or a quote:
    /// an attribute path, an operator, a keyword or a literal.
    case word(String)
    case end
}
