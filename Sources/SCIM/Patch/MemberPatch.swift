/// One change to a multi-valued attribute stored outside the resource body — a group's
/// `members`, which may number 100 000 and must not be rewritten to add or remove one (requirements §2).
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
            case .add(let path?, let value) where namesCoreSchema(path):
                // `{"op":"add","path":"urn:…:core:2.0:Group","value":{"members":[…]}}` is a path-less add
                // scoped to the core schema: its members must reach the membership table too.
                let (rest, elements) = try split(value, of: definition)
                if let elements { steps.append(.add(try memberElements(elements, of: definition))) }
                if let rest { remaining.append(.add(path: path, value: rest)) }
            case .replace(let path?, let value) where namesCoreSchema(path):
                let (rest, elements) = try split(value, of: definition)
                if let elements { steps.append(.replace(try memberElements(elements, of: definition))) }
                if let rest { remaining.append(.replace(path: path, value: rest)) }
            case .add(let path?, let value) where targets(path, definition):
                try requireWholeList(path, of: definition)
                steps.append(.add(try memberElements(value, of: definition)))
            case .replace(let path?, let value) where targets(path, definition):
                try requireWholeList(path, of: definition)
                steps.append(.replace(try memberElements(value, of: definition)))
            case .remove(let path, let value) where targets(path, definition):
                steps.append(try removalStep(path, value: value, of: definition))
            case .add(nil, let value):
                let (rest, elements) = try split(value, of: definition)
                if let elements { steps.append(.add(try memberElements(elements, of: definition))) }
                if let rest { remaining.append(.add(path: nil, value: rest)) }
            case .replace(nil, let value):
                let (rest, elements) = try split(value, of: definition)
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

    /// True for a path that is exactly the core schema URN (`urn:…:core:2.0:Group`), whose value
    /// object holds core attributes as a path-less value does.
    func namesCoreSchema(_ path: AttributePath) -> Bool {
        guard path.valueFilter == nil, path.subAttribute == nil else { return false }
        let urn = path.schema.map { "\($0):\(path.name)" } ?? path.name
        return attributeNamesEqual(urn, schema.core.id)
    }

    /// Separates the attribute from a path-less value object, under any key that names it: plain
    /// (`members`) or URN-qualified (`urn:…:core:2.0:Group:members`, RFC 7644 §3.10). An object
    /// left empty is dropped. A key naming a sub-attribute (`members.value`) is refused, since
    /// values are added and removed whole.
    func split(_ value: SCIMValue, of definition: AttributeDefinition) throws(SCIMError) -> (rest: SCIMValue?, elements: SCIMValue?) {
        guard case .object(let object) = value else { return (value, nil) }
        var rest = SCIMObject()
        var elements: [SCIMValue] = []
        var found = false
        for entry in object {
            // Keys that are not paths are the body engine's to refuse; only ours are taken out here.
            guard let path = try? AttributePath.parse(entry.key) else {
                rest.set(entry.key, entry.value)
                continue
            }
            if namesCoreSchema(path) {
                // `{"urn:…:core:2.0:Group": {"members": […]}}`: the core object nested in the value.
                let (innerRest, innerElements) = try split(entry.value, of: definition)
                if let innerRest { rest.set(entry.key, innerRest) }
                if case .array(let values)? = innerElements {
                    found = true
                    elements.append(contentsOf: values)
                }
                continue
            }
            guard targets(path, definition) else {
                rest.set(entry.key, entry.value)
                continue
            }
            try requireWholeList(path, of: definition)
            found = true
            switch entry.value {
            case .array(let values): elements.append(contentsOf: values)
            case .null: break
            case let single: elements.append(single)
            }
        }
        guard found else { return (value, nil) }
        return (rest.isEmpty ? nil : .object(rest), .array(elements))
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
