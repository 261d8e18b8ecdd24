/// An attribute a filter path names, resolved against its scope and looked up in one object.
struct FilterTarget {
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
