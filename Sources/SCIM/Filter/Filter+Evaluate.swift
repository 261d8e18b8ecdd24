/// What the attribute paths in a filter are relative to.
public enum FilterScope: Sendable {
    /// Paths name top-level attributes of a resource (optionally URN-qualified).
    case resource(ResourceSchema)
    /// Paths name sub-attributes of one element of this complex attribute (value filters).
    case complex(AttributeDefinition)
}

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

/// An attribute a filter path names, resolved against its scope and looked up in one object.
private struct FilterTarget {
    /// The attribute's definition: top-level in resource scope, a sub-attribute in complex scope.
    var attribute: AttributeDefinition
    /// The definition of the path's sub-attribute, if it has one.
    var subAttribute: AttributeDefinition?
    /// The attribute's value in the object, if set.
    var raw: SCIMValue?

    init?(_ path: AttributePath, in object: SCIMObject, scope: FilterScope) {
        switch scope {
        case .resource(let schema):
            guard let resolved = schema.resolve(path) else {
                // id, externalId and meta are common attributes (RFC 7643 §3.1), in no schema file but
                // filterable all the same (RFC 7644 §3.4.2.2 filters on meta.lastModified and on
                // `schemas`); the store answers them, so the evaluator must too.
                guard path.schema.map({ attributeNamesEqual($0, schema.core.id) }) ?? true,
                    let common = CommonAttributes.attribute(named: path.name)
                else { return nil }
                attribute = common
                if let subName = path.subAttribute {
                    guard let sub = common.subAttribute(named: subName) else { return nil }
                    subAttribute = sub
                }
                raw = object[common.name]
                return
            }
            // Extension attributes live under their schema URN (RFC 7643 §3.3).
            let container = resolved.isExtension(of: schema) ? object[resolved.schema.id]?.objectValue : object
            attribute = resolved.attribute
            subAttribute = resolved.subAttribute
            raw = container?[resolved.attribute.name]
        case .complex(let parent):
            guard let attribute = parent.subAttribute(named: path.name) else { return nil }
            self.attribute = attribute
            if let subName = path.subAttribute {
                guard let sub = attribute.subAttribute(named: subName) else { return nil }
                subAttribute = sub
            }
            raw = object[attribute.name]
        }
    }

    /// The attribute's elements: the members of an array, or the single value.
    var elements: [SCIMValue] {
        switch raw {
        case nil, .null?: return []
        case .array(let members)?: return members
        case let value?: return [value]
        }
    }

    /// The assigned values a comparison looks at, and the definition they follow.
    ///
    /// A comparison on a complex attribute without a sub-attribute applies to its `value`
    /// sub-attribute (RFC 7644 §3.4.2.2); `pr` on it looks at the elements themselves.
    func leafValues(forComparison: Bool) -> (values: [SCIMValue], leaf: AttributeDefinition) {
        let subName: String?
        let leaf: AttributeDefinition
        if let subAttribute {
            subName = subAttribute.name
            leaf = subAttribute
        } else if attribute.isComplex && forComparison {
            subName = "value"
            leaf = attribute.subAttribute(named: "value") ?? AttributeDefinition(name: "value", type: .string)
        } else {
            subName = nil
            leaf = attribute
        }
        var values: [SCIMValue] = []
        for element in elements {
            guard let subName else {
                values.append(element)
                continue
            }
            switch element[subName] {
            case .array(let members)?: values.append(contentsOf: members)
            case let value?: values.append(value)
            case nil: break
            }
        }
        return (values.filter { !$0.isUnassigned }, leaf)
    }

    /// True if any value satisfies `op value` (never called with `ne`, which negates `eq`).
    func satisfies(_ op: ComparisonOperator, _ expected: ComparisonValue) -> Bool {
        let (values, leaf) = leafValues(forComparison: true)
        if expected == .null {
            // Unassigned and null are the same thing (RFC 7643 §2.5), so `eq null` means absent.
            return op == .eq && values.isEmpty
        }
        // The type check the store and the PATCH engine apply; a literal it refuses (a 400 there)
        // is still compared here, leniently, for callers that evaluate without asking it first.
        guard let checked = try? CheckedComparison(leaf, op, expected) else {
            return values.contains { FilterComparison.compare($0, op, expected, leaf: leaf) }
        }
        return values.contains { FilterComparison.compare($0, checked, expected, leaf: leaf) }
    }

    /// Each element as an object with the definition its sub-attributes follow, for a value filter.
    ///
    /// Elements of a simple multi-valued attribute are wrapped as `{"value": element}` so
    /// `[value eq "x"]` works on them too.
    func elementScopes() -> [(SCIMObject, AttributeDefinition)] {
        let definition = subAttribute ?? attribute
        let source = subAttribute == nil ? elements : leafValues(forComparison: false).values
        if definition.isComplex {
            return source.compactMap { element in element.objectValue.map { ($0, definition) } }
        }
        var valueDefinition = definition
        valueDefinition.name = "value"
        valueDefinition.multiValued = false
        let wrapper = AttributeDefinition(
            name: definition.name, type: .complex, multiValued: definition.multiValued, subAttributes: [valueDefinition])
        return source.map { (SCIMObject([.init(key: "value", value: $0)]), wrapper) }
    }

    /// True for a value `pr` does not count as present: unassigned, or an empty string.
    static func isEmpty(_ value: SCIMValue) -> Bool {
        value.isUnassigned || value == .string("")
    }
}

/// Compares one stored value with a filter literal (RFC 7644 §3.4.2.2, Table 3).
private enum FilterComparison {
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
    private static func strings(_ a: String, _ e: String, _ op: ComparisonOperator, caseExact: Bool) -> Bool {
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
    private static func ordered<T: Comparable>(_ a: T, _ b: T, _ op: ComparisonOperator) -> Bool {
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

    private static func number(_ value: SCIMValue) -> Double? {
        switch value {
        case .integer(let i): return Double(i)
        case .decimal(let d): return d
        default: return nil
        }
    }

    private static func number(_ value: ComparisonValue) -> Double? {
        switch value {
        case .integer(let i): return Double(i)
        case .decimal(let d): return d
        default: return nil
        }
    }
}
