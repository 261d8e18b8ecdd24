extension Filter {
    /// The longest filter accepted, in characters; longer ones are rejected before parsing.
    public static let maxLength = 10_000
    /// The deepest nesting of parentheses and brackets accepted, so recursion stays shallow.
    public static let maxDepth = 50

    /// Parses a filter expression (RFC 7644 §3.4.2.2), e.g. `userName eq "bjensen" and emails[type eq "work"]`.
    ///
    /// Errors are `invalidFilter` with the 1-based position of the problem.
    public static func parse(_ text: String) throws(SCIMError) -> Filter {
        // UTF-8 length bounds the character count from above, so counting characters is rarely needed.
        if text.utf8.count > maxLength && text.count > maxLength {
            throw .invalidFilter("Invalid filter: longer than \(maxLength) characters")
        }
        let bytes = Array(text.utf8)
        var parser = FilterParser(bytes: bytes, offset: 0)
        do throws(FilterSyntaxError) {
            return try parser.parseComplete()
        } catch {
            throw .invalidFilter(
                "Invalid filter at position \(FilterChar.column(of: error.offset, in: bytes)): \(error.message)")
        }
    }
}

/// A recursive-descent parser for the filter grammar of RFC 7644 §3.4.2.2:
///
///     filter     = orExpr
///     orExpr     = andExpr *("or" andExpr)
///     andExpr    = unary *("and" unary)
///     unary      = "not" "(" orExpr ")" / "(" orExpr ")" / attrExp / valuePath
///     attrExp    = attrPath "pr" / attrPath compareOp compValue
///     valuePath  = attrPath "[" orExpr "]"
///
/// Precedence is not > and > or, both binary operators left-associative. Each token is scanned
/// once with one token of lookahead, so parsing is linear; nesting is capped at `Filter.maxDepth`.
struct FilterParser {
    private var lexer: FilterLexer
    private var lookahead: FilterLexeme?
    /// Open parentheses and brackets around the current position.
    private var depth = 0
    /// True inside `[...]`, where another value filter is not allowed.
    private var inValueFilter = false

    init(bytes: [UInt8], offset: Int) {
        lexer = FilterLexer(bytes: bytes, offset: offset)
    }

    /// The byte offset just after the last consumed token.
    var offset: Int { lexer.offset }

    /// Parses a whole filter; the input must end after it.
    mutating func parseComplete() throws(FilterSyntaxError) -> Filter {
        let first = try peek()
        if first.token == .end { throw FilterSyntaxError(offset: first.start, message: "the filter is empty") }
        let filter = try parseOr()
        let next = try peek()
        guard next.token == .end else { throw unexpected(next, expected: "\"and\", \"or\" or the end of the filter") }
        return filter
    }

    /// Parses a value filter whose `[` at `openedAt` was just consumed, through its closing `]`.
    ///
    /// Used for filter value paths and for PATCH paths (RFC 7644 §3.5.2), so it stops right after the `]`.
    mutating func parseValueFilter(openedAt: Int) throws(FilterSyntaxError) -> Filter {
        try enter(at: openedAt)
        inValueFilter = true
        let first = try peek()
        if first.token == .closeBracket { throw FilterSyntaxError(offset: first.start, message: "the value filter is empty") }
        let filter = try parseOr()
        let next = try peek()
        guard next.token == .closeBracket else {
            if next.token == .end {
                throw FilterSyntaxError(offset: next.start, message: "missing \"]\"")
            }
            throw unexpected(next, expected: "\"and\", \"or\" or \"]\"")
        }
        consume()
        inValueFilter = false
        depth -= 1
        return filter
    }

    // MARK: - Grammar

    private mutating func parseOr() throws(FilterSyntaxError) -> Filter {
        var left = try parseAnd()
        while try isKeyword("or") {
            consume()
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(FilterSyntaxError) -> Filter {
        var left = try parseUnary()
        while try isKeyword("and") {
            consume()
            left = .and(left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(FilterSyntaxError) -> Filter {
        let t = try peek()
        switch t.token {
        case .openParen:
            consume()
            return try parseParenthesized(openedAt: t.start)
        case .word(let w) where attributeNamesEqual(w, "not"):
            consume()
            // RFC 7644 §3.4.2.2: `not` always takes a parenthesized filter.
            let open = try peek()
            guard open.token == .openParen else {
                throw FilterSyntaxError(offset: open.start, message: "expected \"(\" after \"not\"")
            }
            consume()
            return .not(try parseParenthesized(openedAt: open.start))
        case .word(let w) where attributeNamesEqual(w, "and") || attributeNamesEqual(w, "or"):
            throw unexpected(t, expected: "an attribute name, \"(\" or \"not\"")
        case .word(let w):
            consume()
            return try parseAttributeExpression(w, at: t)
        case .string:
            throw FilterSyntaxError(offset: t.start, message: "expected an attribute name but found a string")
        default:
            throw unexpected(t, expected: "an attribute name, \"(\" or \"not\"")
        }
    }

    /// Parses the rest of `( orExpr )` after the `(` at `openedAt`.
    private mutating func parseParenthesized(openedAt: Int) throws(FilterSyntaxError) -> Filter {
        try enter(at: openedAt)
        let filter = try parseOr()
        let close = try peek()
        guard close.token == .closeParen else {
            if close.token == .end {
                throw FilterSyntaxError(offset: close.start, message: "missing \")\" (opened at position \(column(openedAt)))")
            }
            throw unexpected(close, expected: "\"and\", \"or\" or \")\"")
        }
        consume()
        depth -= 1
        return filter
    }

    /// Parses what follows the attribute path `word`: `pr`, `op value`, or `[valFilter]`.
    private mutating func parseAttributeExpression(_ word: String, at lexeme: FilterLexeme) throws(FilterSyntaxError) -> Filter {
        let path = try AttributePath.scan(lexer.bytes, from: lexeme.start, to: lexeme.end)
        let open = try peek()
        guard open.token == .openBracket else { return try parseOperation(on: path, named: word) }

        guard !inValueFilter else {
            throw FilterSyntaxError(offset: open.start, message: "value filters cannot be nested")
        }
        guard path.subAttribute == nil else {
            throw FilterSyntaxError(offset: open.start, message: "a value filter must follow an attribute, not a sub-attribute")
        }
        consume()
        let inner = try parseValueFilter(openedAt: open.start)
        // RFC 7644's valuePath ends at "]"; `emails[type eq "work"].value eq "x"` is tolerated
        // and read as the element condition `type eq "work" and value eq "x"`.
        let next = try peek()
        if case .word(let w) = next.token, w.utf8.first == FilterChar.dot {
            consume()
            let end = try AttributePath.scanName(lexer.bytes, from: next.start + 1, to: next.end, what: "a sub-attribute name")
            guard end == next.end else {
                throw FilterSyntaxError(
                    offset: end, message: "invalid character \(FilterChar.describeCharacter(at: end, in: lexer.bytes)) in sub-attribute name")
            }
            let sub = AttributePath(name: String(w.dropFirst()))
            return .valuePath(path, .and(inner, try parseOperation(on: sub, named: "\(path)[...]\(w)")))
        }
        return .valuePath(path, inner)
    }

    /// Parses `pr` or `compareOp compValue` after the attribute `name`.
    private mutating func parseOperation(on path: AttributePath, named name: String) throws(FilterSyntaxError) -> Filter {
        let t = try peek()
        guard case .word(let w) = t.token else {
            throw FilterSyntaxError(offset: t.start, message: "expected a comparison operator after \(FilterChar.quoted(name))")
        }
        if attributeNamesEqual(w, "pr") {
            consume()
            let next = try peek()
            if case .string = next.token {
                throw FilterSyntaxError(offset: next.start, message: "\"pr\" takes no value")
            }
            if case .word(let v) = next.token, FilterLexer.literal(v) != nil {
                throw FilterSyntaxError(offset: next.start, message: "\"pr\" takes no value")
            }
            return .present(path)
        }
        guard let op = ComparisonOperator(rawValue: w.lowercased()) else {
            throw FilterSyntaxError(
                offset: t.start, message: "expected a comparison operator after \(FilterChar.quoted(name)) but found \(FilterChar.quoted(w))")
        }
        consume()
        let v = try peek()
        switch v.token {
        case .string(let s):
            consume()
            return .compare(path, op, .string(s))
        case .word(let x):
            guard let literal = FilterLexer.literal(x) else {
                throw FilterSyntaxError(
                    offset: v.start,
                    message: "expected a value (a string, number, true, false or null) after \"\(w)\" but found \(FilterChar.quoted(x))")
            }
            consume()
            return .compare(path, op, literal)
        default:
            throw unexpected(v, expected: "a value after \"\(w)\"")
        }
    }

    // MARK: - Tokens

    private mutating func peek() throws(FilterSyntaxError) -> FilterLexeme {
        if let lookahead { return lookahead }
        let next = try lexer.scan()
        lookahead = next
        return next
    }

    private mutating func consume() {
        if let lookahead { lexer.offset = lookahead.end }
        lookahead = nil
    }

    private mutating func isKeyword(_ keyword: String) throws(FilterSyntaxError) -> Bool {
        if case .word(let w) = try peek().token { return attributeNamesEqual(w, keyword) }
        return false
    }

    /// Opens one level of nesting, refusing to go deeper than `Filter.maxDepth`.
    private mutating func enter(at offset: Int) throws(FilterSyntaxError) {
        depth += 1
        if depth > Filter.maxDepth {
            throw FilterSyntaxError(offset: offset, message: "nested more than \(Filter.maxDepth) levels deep")
        }
    }

    private func column(_ offset: Int) -> Int { FilterChar.column(of: offset, in: lexer.bytes) }

    private func unexpected(_ lexeme: FilterLexeme, expected: String) -> FilterSyntaxError {
        let found: String
        switch lexeme.token {
        case .openParen: found = "\"(\""
        case .closeParen: found = "\")\""
        case .openBracket: found = "\"[\""
        case .closeBracket: found = "\"]\""
        case .string: found = "a string"
        case .word(let w): found = FilterChar.quoted(w)
        case .end: found = "the end of the input"
        }
        return FilterSyntaxError(offset: lexeme.start, message: "expected \(expected) but found \(found)")
    }
}
