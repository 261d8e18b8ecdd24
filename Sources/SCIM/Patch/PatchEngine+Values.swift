extension PatchEngine {
    // MARK: - Writing one attribute

    /// The attribute's value after an `add` or `replace` of `value` at `target`.
    func written(
        _ value: SCIMValue, over old: SCIMValue?, at target: AttributeTarget, mode: PatchWriteMode
    ) throws(SCIMError) -> SCIMValue? {
        if target.definition.multiValued {
            return try writtenMultiValued(value, over: old, at: target, mode: mode)
        }
        let definition = target.definition
        if let subAttribute = target.subAttribute {
            // `name.givenName`: one sub-attribute, creating the complex value when it is absent.
            var object = old?.objectValue ?? SCIMObject()
            try setSubAttribute(subAttribute, to: value, in: &object, of: definition)
            return .object(object)
        }
        guard definition.isComplex else { return try normalized(value, for: definition) }
        let given: SCIMObject
        if case .object(let raw) = value {
            given = raw  // kept raw so that a null sub-attribute removes that sub-attribute
        } else {
            guard let normalized = try element(value, for: definition) else { return nil }
            guard case .object(let object) = normalized else { return normalized }  // a wrong type is the validator's to report
            given = object
        }
        var object = SCIMObject()
        if case .object(let existing)? = old, !referencesAnother(given, than: existing) {
            object = existing
        }
        // RFC 7644 §3.5.2.1 and §3.5.2.3: the sub-attributes given are set, the others left unchanged.
        try merge(given, into: &object, of: definition)
        return .object(object)
    }

    /// True when a complex value names a different referent (a new manager): its other
    /// sub-attributes (`$ref`, `displayName`) described the old one and must not survive a merge.
    func referencesAnother(_ given: SCIMObject, than existing: SCIMObject) -> Bool {
        guard let new = given["value"], new != .null, let old = existing["value"] else { return false }
        return new != old
    }

    // MARK: - Normalising values

    /// Normalises a whole attribute value; nil means "remove" (null, "", [] — requirements §2).
    func normalized(_ value: SCIMValue, for definition: AttributeDefinition) throws(SCIMError) -> SCIMValue? {
        guard definition.multiValued else { return try element(value, for: definition) }
        let values = try elements(value, for: definition)
        return values.isEmpty ? nil : .array(values)
    }

    /// The values of a multi-valued attribute: one value or an array of them (RFC 7644 §3.5.2.1).
    func elements(_ value: SCIMValue, for definition: AttributeDefinition) throws(SCIMError) -> [SCIMValue] {
        let given: [SCIMValue]
        if case .array(let values) = value { given = values } else { given = [value] }
        var result: [SCIMValue] = []
        result.reserveCapacity(given.count)
        for value in given {
            if let normalized = try element(value, for: definition) { result.append(normalized) }
        }
        return result
    }

    /// Normalises one value of an attribute's type; nil means "remove". Only the coercions the
    /// identity providers need happen here; type checking is the validator's job after PATCH.
    func element(_ value: SCIMValue, for definition: AttributeDefinition) throws(SCIMError) -> SCIMValue? {
        switch value {
        case .null:
            return nil
        case .string(let text):
            // Entra sends booleans as strings: `{"op":"Replace","path":"active","value":"False"}`.
            if definition.type == .boolean, let flag = lenientBoolean(text) { return .bool(flag) }
            if definition.takesBareValue {
                // Entra gives `manager` as a bare id; "" clears it (requirements §2).
                return definition.complexValue(fromBare: text).map { .object($0) }
            }
            if definition.type == .reference, text.isEmpty { return nil }
            return value
        case .array(let values) where definition.isComplex && !definition.multiValued:
            // `[{"value": id}]` for a single-valued complex attribute (another Entra manager form).
            if values.isEmpty { return nil }
            if values.count == 1 { return try element(values[0], for: definition) }
            return value
        case .object(let object) where definition.isComplex:
            var result = SCIMObject()
            try merge(object, into: &result, of: definition)
            return result.isEmpty ? nil : .object(result)
        default:
            return value
        }
    }

    // MARK: - Sub-attributes

    /// Sets each sub-attribute given in `given` on `object`, with canonical names; a null removes one.
    func merge(_ given: SCIMObject, into object: inout SCIMObject, of definition: AttributeDefinition) throws(SCIMError) {
        for entry in given {
            guard let subAttribute = definition.subAttribute(named: entry.key) else {
                // Unknown sub-attributes are kept as sent so that the validator can name them.
                if entry.value == .null { object.removeValue(forKey: entry.key) } else { object[entry.key] = entry.value }
                continue
            }
            // RFC 7643 §2.2: readOnly values a client sends "SHALL be ignored" (clients echo members' `display`).
            if subAttribute.mutability == .readOnly { continue }
            try setSubAttribute(subAttribute, to: entry.value, in: &object, of: definition)
        }
    }

    /// Sets (or, for null, removes) one sub-attribute, enforcing immutability.
    func setSubAttribute(
        _ subAttribute: AttributeDefinition, to value: SCIMValue, in object: inout SCIMObject,
        of definition: AttributeDefinition
    ) throws(SCIMError) {
        let new = try normalized(value, for: subAttribute)
        // RFC 7644 §3.5.2: an immutable value may be set while unassigned, never changed.
        if subAttribute.mutability == .immutable, let old = object[subAttribute.name], !old.isUnassigned, old != new {
            throw .mutability("\(definition.name).\(subAttribute.name) is immutable and already has a different value")
        }
        if let new, !new.isUnassigned {
            object.set(subAttribute.name, new)
        } else {
            object.removeValue(forKey: subAttribute.name)
        }
    }

    /// Removes one sub-attribute; removing an assigned immutable one is a change, so refused.
    func removeSubAttribute(
        _ subAttribute: AttributeDefinition, from object: inout SCIMObject, of definition: AttributeDefinition
    ) throws(SCIMError) {
        guard let old = object[subAttribute.name] else { return }
        if subAttribute.mutability == .immutable, !old.isUnassigned {
            throw .mutability("\(definition.name).\(subAttribute.name) is immutable and cannot be removed")
        }
        object.removeValue(forKey: subAttribute.name)
    }
}
