/// A filter in negation normal form with `and` and `or` chains flattened into lists.
///
/// The parser builds binary, left-nested trees (`a or b or c` is `or(or(a, b), c)`), and `not`
/// may wrap anything. Translated as written, 90 `or` terms or 18 nested `not(...)` exceed
/// SQLite's parser stack (a 500 before this form existed). Flattened, a chain is one list, `not`
/// sits only on comparisons (De Morgan), and `not not` disappears, so the nesting left is the
/// alternation of `and` and `or` that the filter really has.
///
/// The rewrite keeps the meaning: scimd's filter logic is two-valued (a comparison on an absent
/// attribute is false, RFC 7644 §3.4.2.2, and `not` of it is true), and De Morgan's laws hold
/// in two-valued logic.
public indirect enum FlatFilter: Sendable, Hashable {
    /// A comparison, `pr` or value-path filter; `negated` when an odd number of `not`s applied.
    case term(Filter, negated: Bool)
    /// Every one must hold.
    case all([FlatFilter])
    /// At least one must hold.
    case any([FlatFilter])

    /// Levels of grouping: 1 for a term, one more than the deepest member for a chain; a value
    /// filter counts its inner expression, which nests inside it in SQL.
    public var depth: Int {
        switch self {
        case .term(.valuePath(_, let inner), _): return 1 + inner.flattened.depth
        case .term: return 1
        case .all(let members), .any(let members): return 1 + (members.map(\.depth).max() ?? 0)
        }
    }
}

extension Filter {
    /// This filter in negation normal form, its chains flattened (see `FlatFilter`).
    public var flattened: FlatFilter { Self.flatten(self, negated: false) }

    private static func flatten(_ filter: Filter, negated: Bool) -> FlatFilter {
        switch filter {
        case .not(let inner):
            return flatten(inner, negated: !negated)
        case .compare(let path, .ne, let value):
            // `ne` is "not eq" over all values (RFC 7644 §3.4.2.2), so `not ne` is `eq`.
            return .term(.compare(path, .eq, value), negated: !negated)
        case .and, .or:
            // De Morgan: under a `not`, `and` becomes `or` of the negations and vice versa.
            let isAnd: Bool
            if case .and = filter { isAnd = !negated } else { isAnd = negated }
            var members: [FlatFilter] = []
            // Iterative over the chain's own operator, so a 1,000-term chain costs no deep recursion.
            var pending: [Filter] = [filter]
            while let next = pending.popLast() {
                switch next {
                case .and(let a, let b) where sameOperator(next, as: filter):
                    pending.append(b)
                    pending.append(a)
                case .or(let a, let b) where sameOperator(next, as: filter):
                    pending.append(b)
                    pending.append(a)
                default:
                    let member = flatten(next, negated: negated)
                    switch (member, isAnd) {
                    case (.all(let inner), true), (.any(let inner), false): members.append(contentsOf: inner)
                    default: members.append(member)
                    }
                }
            }
            return isAnd ? .all(members) : .any(members)
        default:
            return .term(filter, negated: negated)
        }
    }

    private static func sameOperator(_ a: Filter, as b: Filter) -> Bool {
        switch (a, b) {
        case (.and, .and), (.or, .or): return true
        default: return false
        }
    }
}
