/// One change to a multi-valued attribute stored outside the resource body — a group's
/// `members`, which may number 100 000 and must not be rewritten to add or remove one (SPEC §2).
public enum MemberPatchStep: Sendable, Hashable {
    /// Adds these elements (objects with a string `value`), skipping ones already present.
    case add([SCIMObject])
    /// Removes the elements whose `value` is one of these ids.
    case remove(ids: [String])
    /// Removes the elements a value filter selects (its paths are relative to one element).
    case removeMatching(Filter)
    /// Removes every element.
    case removeAll
    /// Replaces the whole list with these elements.
    case replace([SCIMObject])
}

extension PatchEngine {
    /// Pulls every operation on the core multi-valued `attribute` (e.g. `members`) out of
    /// `operations`, in order, as steps; the rest, to apply to the body, keep their order.
    public func extractMultiValued(
        _ attribute: String, from operations: [PatchOperation]
    ) throws(SCIMError) -> (remaining: [PatchOperation], steps: [MemberPatchStep]) {
        guard let definition = schema.core.attribute(named: attribute), definition.multiValued,
            definition.isComplex
        else { return (operations, []) }
        var remaining: [PatchOperation] = []
        var steps: [MemberPatchStep] = []
        for operation in operations {
            switch operation {
            case .add(let path?, let value) where targets(path, definition):
                try requireWholeList(path, of: definition)
                steps.append(.add(try memberElements(value, of: definition)))
            case .replace(let path?, let value) where targets(path, definition):
                try requireWholeList(path, of: definition)
                steps.append(.replace(try memberElements(value, of: definition)))
            case .remove(let path, let value) where targets(path, definition):
                steps.append(try removalStep(path, value: value, of: definition))
            case .add(nil, let value):
                let (rest, elements) = split(value, of: definition)
                if let elements { steps.append(.add(try memberElements(elements, of: definition))) }
                if let rest { remaining.append(.add(path: nil, value: rest)) }
            case .replace(nil, let value):
                let (rest, elements) = split(value, of: definition)
                if let elements { steps.append(.replace(try memberElements(elements, of: definition))) }
                if let rest { remaining.append(.replace(path: nil, value: rest)) }
            default:
                remaining.append(operation)
            }
        }
        return (remaining, steps)
    }

    // MARK: - Helpers

    /// True if a path names the attribute, unqualified or qualified with the core schema URN.
    func targets(_ path: AttributePath, _ definition: AttributeDefinition) -> Bool {
        if let urn = path.schema, !attributeNamesEqual(urn, schema.core.id) { return false }
        return attributeNamesEqual(path.name, definition.name)
    }

    /// Separates the attribute's key from a path-less value object; an object left empty is dropped.
    func split(_ value: SCIMValue, of definition: AttributeDefinition) -> (rest: SCIMValue?, elements: SCIMValue?) {
        guard case .object(var object) = value, let elements = object.removeValue(forKey: definition.name) else {
            return (value, nil)
        }
        return (object.isEmpty ? nil : .object(object), elements)
    }

    /// `add` and `replace` take whole elements: members' sub-attributes cannot change in place.
    func requireWholeList(_ path: AttributePath, of definition: AttributeDefinition) throws(SCIMError) {
        // RFC 7644 §3.5.2: writing an immutable or readOnly sub-attribute (`members[value eq "x"].value`)
        // is a `mutability` error, with or without a filter, as the body PATCH engine answers too.
        if let subName = path.subAttribute { throw subAttributeError(subName, in: path, of: definition) }
        if path.valueFilter != nil {
            throw .invalidPath("\"\(path)\": \(definition.name) takes add and replace of whole values, without a filter")
        }
    }

    /// The step a `remove` on the attribute becomes.
    func removalStep(_ path: AttributePath, value: SCIMValue?, of definition: AttributeDefinition) throws(SCIMError) -> MemberPatchStep {
        if let subName = path.subAttribute { throw subAttributeError(subName, in: path, of: definition) }
        if let filter = path.valueFilter {
            try checkFilterPaths(filter, of: definition)
            // Entra with aadOptscim062020: `members[value eq "id"]`.
            if let ids = Self.valueIDs(in: filter) { return .remove(ids: ids) }
            return .removeMatching(filter)
        }
        guard let value, value != .null else {
            // RFC 7644 §3.5.2.2: a remove without filter removes all values.
            return .removeAll
        }
        // Entra: `{"op":"Remove","path":"members","value":[{"value":"id"}]}` removes only those.
        let elements = try memberElements(value, of: definition)
        return .remove(ids: elements.compactMap { $0["value"]?.stringValue })
    }

    /// The error for a path into an element's sub-attribute.
    func subAttributeError(_ subName: String, in path: AttributePath, of definition: AttributeDefinition) -> SCIMError {
        guard let subAttribute = definition.subAttribute(named: subName) else {
            return .invalidPath("Unknown sub-attribute \"\(subName)\" of \(definition.name) in path \"\(path)\"")
        }
        switch subAttribute.mutability {
        case .readOnly, .immutable:
            return .mutability("\(definition.name).\(subAttribute.name) is \(subAttribute.mutability.rawValue) and cannot be modified")
        case .readWrite, .writeOnly:
            return .invalidPath("\"\(path)\": \(definition.name) values are added and removed whole")
        }
    }

    /// The ids a filter of `value eq "…"` comparisons joined by `or` selects; nil for any other filter.
    static func valueIDs(in filter: Filter) -> [String]? {
        switch filter {
        case .compare(let path, .eq, .string(let id))
        where path.schema == nil && path.subAttribute == nil && attributeNamesEqual(path.name, "value"):
            return [id]
        case .or(let a, let b):
            guard let left = valueIDs(in: a), let right = valueIDs(in: b) else { return nil }
            return left + right
        default:
            return nil
        }
    }

    /// The elements of an operation's value (one element or an array), each an object with a
    /// non-empty string `value`; canonical sub-attribute names, readOnly ones (`display`) dropped.
    func memberElements(_ value: SCIMValue, of definition: AttributeDefinition) throws(SCIMError) -> [SCIMObject] {
        let given: [SCIMValue]
        switch value {
        case .null: given = []
        case .array(let values): given = values
        default: given = [value]
        }
        var result: [SCIMObject] = []
        result.reserveCapacity(given.count)
        for (index, element) in given.enumerated() {
            guard case .object(let object) = element else {
                throw .invalidValue(
                    "Each \(definition.name) value must be an object with a string \"value\"; value \(index + 1) is \(element.typeName)")
            }
            guard let id = object["value"]?.stringValue, !id.isEmpty else {
                throw .invalidValue("\(definition.name) value \(index + 1) has no non-empty string \"value\"")
            }
            var normalized = SCIMObject()
            try merge(object, into: &normalized, of: definition)
            result.append(normalized)
        }
        return result
    }
}
