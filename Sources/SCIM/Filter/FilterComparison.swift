/// Compares one stored value with a filter literal (RFC 7644 §3.4.2.2, Table 3).
enum FilterComparison {
    /// A stored value against a checked literal; a stored value of another JSON type than the
    /// schema says (the evaluator also reads unvalidated objects) goes to the lenient comparison.
    static func compare(
        _ actual: SCIMValue, _ checked: CheckedComparison, _ expected: ComparisonValue, leaf: AttributeDefinition
    ) -> Bool {
        let op = checked.op
        switch (actual, checked.literal) {
        case (.string(let a), .text(let e)):
            return strings(a, e, op, caseExact: leaf.caseExact)
        case (.string(let a), .dateTime(let e, let instant)):
            // dateTime values compare as instants (as the store's meta timestamps do), so offsets and
            // fraction digits do not matter; unparsable ones, and substrings, compare as text.
            if !CheckedComparison.substring.contains(op), let y = instant, let x = SCIMDateTime.parse(a) {
                return ordered(x, y, op)
            }
            return strings(a, e, op, caseExact: leaf.caseExact)
        case (.bool(let a), .boolean(let e)):
            // Booleans have no order and no substrings: only equality means anything.
            return (op == .eq && a == e) || (op == .ne && a != e)
        case (.integer(let a), .integer(let e)):
            return ordered(a, e, op)
        case (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal):
            guard let a = number(actual), let e = number(expected) else { return false }
            return ordered(a, e, op)
        default:
            return compare(actual, op, expected, leaf: leaf)
        }
    }

    /// A stored value against a literal as written, coercing mismatched JSON types only when the
    /// intent is unambiguous.
    static func compare(
        _ actual: SCIMValue, _ op: ComparisonOperator, _ expected: ComparisonValue, leaf: AttributeDefinition
    ) -> Bool {
        switch (actual, expected) {
        case (.string(let a), .string(let e)):
            // dateTime values compare as instants (as the store does), so offsets and fraction
            // digits do not matter; unparsable ones fall back to comparing text.
            if leaf.type == .dateTime, op != .co, op != .sw, op != .ew,
                let x = SCIMDateTime.parse(a), let y = SCIMDateTime.parse(e)
            {
                return ordered(x, y, op)
            }
            return strings(a, e, op, caseExact: leaf.caseExact)
        case (.integer(let a), .integer(let e)):
            return ordered(a, e, op)
        case (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal):
            guard let a = number(actual), let e = number(expected) else { return false }
            return ordered(a, e, op)
        case (.bool(let a), .bool(let e)):
            // Booleans have no order and no substrings: only equality means anything.
            return (op == .eq && a == e) || (op == .ne && a != e)
        // Mismatched JSON types: coerce only when the intent is unambiguous.
        case (.bool, .string(let e)):
            guard let b = FilterLexer.literal(e), case .bool = b else { return false }
            return compare(actual, op, b, leaf: leaf)
        case (.string(let a), .bool):
            guard let b = FilterLexer.literal(a), case .bool(let x) = b else { return false }
            return compare(.bool(x), op, expected, leaf: leaf)
        case (.integer, .string(let e)), (.decimal, .string(let e)):
            guard let n = FilterLexer.literal(e), number(n) != nil else { return false }
            return compare(actual, op, n, leaf: leaf)
        case (.string(let a), .integer), (.string(let a), .decimal):
            guard let n = FilterLexer.literal(a), let x = number(n), let e = number(expected) else { return false }
            return ordered(x, e, op)
        default:
            return false
        }
    }

    /// String operators; `caseExact: false` compares case-folded forms (RFC 7643 §2.2), folded
    /// exactly as the store folds them so SQL and in-memory filtering agree.
    static func strings(_ a: String, _ e: String, _ op: ComparisonOperator, caseExact: Bool) -> Bool {
        let x = caseExact ? a : caseFold(a)
        let y = caseExact ? e : caseFold(e)
        switch op {
        case .eq: return x == y
        case .ne: return x != y
        // The standard library's search, not Foundation's `contains`: swift-corelibs-foundation
        // traps on a needle with U+0000 after a non-ASCII character (found by the fuzzer).
        case .co: return y.isEmpty || x.firstRange(of: y) != nil
        case .sw: return x.hasPrefix(y)
        case .ew: return x.hasSuffix(y)
        case .gt: return x > y
        case .ge: return x >= y
        case .lt: return x < y
        case .le: return x <= y
        }
    }

    /// Ordering and equality operators; the substring operators never match non-strings.
    static func ordered<T: Comparable>(_ a: T, _ b: T, _ op: ComparisonOperator) -> Bool {
        switch op {
        case .eq: return a == b
        case .ne: return a != b
        case .gt: return a > b
        case .ge: return a >= b
        case .lt: return a < b
        case .le: return a <= b
        case .co, .sw, .ew: return false
        }
    }

    static func number(_ value: SCIMValue) -> Double? {
        switch value {
        case .integer(let i): return Double(i)
        case .decimal(let d): return d
        default: return nil
        }
    }

    static func number(_ value: ComparisonValue) -> Double? {
        switch value {
        case .integer(let i): return Double(i)
        case .decimal(let d): return d
        default: return nil
        }
    }
}
