import SCIM

/// Questions the known-issue classifiers ask about a parsed filter.
enum FilterInspection {
    /// True when some compared string holds U+0000; with `co` only, if `containsOnly`.
    static func hasNUL(_ filter: Filter, containsOnly: Bool = false) -> Bool {
        switch filter {
        case .compare(_, let op, .string(let s)):
            return (!containsOnly || op == .co) && s.unicodeScalars.contains("\u{0}")
        case .compare, .present: return false
        case .and(let a, let b), .or(let a, let b): return hasNUL(a, containsOnly: containsOnly) || hasNUL(b, containsOnly: containsOnly)
        case .not(let f), .valuePath(_, let f): return hasNUL(f, containsOnly: containsOnly)
        }
    }

    /// True when some path names a sub-attribute of a scimd extension attribute (`roles.value`).
    static func hasScimdSubAttribute(_ filter: Filter) -> Bool {
        func named(_ path: AttributePath) -> Bool {
            path.subAttribute != nil && path.schema.map { attributeNamesEqual($0, Schemas.scimd) } == true
        }
        switch filter {
        case .compare(let path, _, _), .present(let path): return named(path)
        case .and(let a, let b), .or(let a, let b): return hasScimdSubAttribute(a) || hasScimdSubAttribute(b)
        case .not(let f): return hasScimdSubAttribute(f)
        case .valuePath(let path, let f): return named(path) || hasScimdSubAttribute(f)
        }
    }

    /// True when the evaluator would reach the `nul-contains-crash` trap with this filter, and the
    /// run tolerates it: the caller then skips the input (a trap cannot be caught), counted.
    static func skipsKnownCrash(_ filter: Filter?) -> Bool {
        guard let filter, KnownIssue.tolerated.contains(.nulContainsCrash), hasNUL(filter, containsOnly: true) else { return false }
        KnownIssue.count(.nulContainsCrash)
        return true
    }
}
