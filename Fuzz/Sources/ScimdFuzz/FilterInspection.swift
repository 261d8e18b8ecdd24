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

    /// True when some path names a sub-attribute of the scimd extension's `roles` (`roles.value`).
    static func hasScimdRolesSubAttribute(_ filter: Filter) -> Bool {
        func named(_ path: AttributePath) -> Bool {
            path.subAttribute != nil && attributeNamesEqual(path.name, "roles")
                && path.schema.map { attributeNamesEqual($0, Schemas.scimd) } == true
        }
        switch filter {
        case .compare(let path, _, _), .present(let path): return named(path)
        case .and(let a, let b), .or(let a, let b): return hasScimdRolesSubAttribute(a) || hasScimdRolesSubAttribute(b)
        case .not(let f): return hasScimdRolesSubAttribute(f)
        case .valuePath(let path, let f): return named(path) || hasScimdRolesSubAttribute(f)
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
