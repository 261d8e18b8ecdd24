extension Filter {
    /// Evaluates the filter against a resource (or, in `.complex` scope, one element of a complex attribute).
    ///
    /// Follows RFC 7644 §3.4.2.2: a comparison holds if any value of the attribute satisfies it;
    /// an attribute the schema does not define matches nothing.
    public func matches(_ object: SCIMObject, in scope: FilterScope) -> Bool {
        switch self {
        case .and(let a, let b):
            return a.matches(object, in: scope) && b.matches(object, in: scope)
        case .or(let a, let b):
            return a.matches(object, in: scope) || b.matches(object, in: scope)
        case .not(let f):
            return !f.matches(object, in: scope)
        case .present(let path):
            guard let target = FilterTarget(path, in: object, scope: scope) else { return false }
            return target.leafValues(forComparison: false).values.contains { !FilterTarget.isEmpty($0) }
        case .compare(let path, let op, let value):
            guard let target = FilterTarget(path, in: object, scope: scope) else { return false }
            // `ne` is the negation of `eq` over all values, so a multi-valued attribute
            // with one matching value is not "not equal".
            if op == .ne { return !target.satisfies(.eq, value) }
            return target.satisfies(op, value)
        case .valuePath(let path, let inner):
            guard let target = FilterTarget(path, in: object, scope: scope) else { return false }
            return target.elementScopes().contains { element, definition in
                inner.matches(element, in: .complex(definition))
            }
        }
    }
}
