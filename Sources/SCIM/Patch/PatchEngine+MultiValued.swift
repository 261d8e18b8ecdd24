extension PatchEngine {
    // MARK: - add / replace

    /// A multi-valued attribute after an `add` or `replace`, with or without a value filter.
    func writtenMultiValued(
        _ value: SCIMValue, over old: SCIMValue?, at target: AttributeTarget, mode: PatchWriteMode
    ) throws(SCIMError) -> SCIMValue? {
        let definition = target.definition
        var list = Self.values(of: old)
        var touched: [Int] = []
        if let filter = target.filter {
            let matches = try indices(in: list, matching: filter, of: definition)
            if matches.isEmpty {
                // requirements §2: `add` on `addresses[type eq "work"].locality` creates the element the filter
                // describes; so does Entra's `replace` on `emails[type eq "work"].value` for a user
                // without one. RFC 7644 §3.5.2.3 otherwise answers noTarget.
                guard var element = try seedElement(from: filter, of: definition) else {
                    throw .noTarget("No value of \(definition.name) matches [\(filter)] in path \"\(target.path)\"")
                }
                try write(value, into: &element, at: target)
                list.append(.object(element))
                touched = [list.count - 1]
            } else {
                for index in matches {
                    if target.subAttribute == nil, mode == .replace {
                        // RFC 7644 §3.5.2.3: "all matching record values SHALL be replaced".
                        list[index] = try element(value, for: definition) ?? .null
                    } else if case .object(var element) = list[index] {
                        // RFC 7644 §3.5.2.3: "the matching sub-attribute of all matching records is replaced";
                        // requirements §2: an `add` updates the matching element rather than appending a duplicate.
                        try write(value, into: &element, at: target)
                        list[index] = .object(element)
                    }
                }
                touched = matches
            }
        } else if let subAttribute = target.subAttribute {
            // `emails.type` without a filter applies to every value; with none, it starts one.
            if list.isEmpty { list = [.object(SCIMObject())] }
            for index in list.indices {
                guard case .object(var element) = list[index] else { continue }
                try setSubAttribute(subAttribute, to: value, in: &element, of: definition)
                list[index] = .object(element)
                touched.append(index)
            }
        } else {
            let given = try elements(value, for: definition)
            try checkCount(given.count, of: target)
            switch mode {
            case .replace:
                // RFC 7644 §3.5.2.3: without a filter "the attribute and all values are replaced".
                list = given
                touched = Array(list.indices)
            case .add:
                // RFC 7644 §3.5.2.1: values are appended; one already present is not added again.
                // A hash set keeps this linear: 15,000 emails once took 16 s of pairwise comparisons.
                var present = Set(list)
                for element in given where present.insert(element).inserted {
                    list.append(element)
                    touched.append(list.count - 1)
                }
            }
        }
        Self.keepOnePrimary(in: &list, preferring: touched)
        Self.dropElementsWithoutValue(in: &list, at: touched, target: target)
        list.removeAll { $0.isUnassigned }
        // Checked after every operation, not only by the validator at the end, so that a thousand
        // operations cannot grow a list without bound before anything counts it.
        try checkCount(list.count, of: target)
        return .array(list)
    }

    /// Refuses a multi-valued attribute with more values than the limits allow, with the
    /// validator's wording, before any per-value work is done.
    func checkCount(_ count: Int, of target: AttributeTarget) throws(SCIMError) {
        guard count > limits.maxMultiValuedElements else { return }
        throw .invalidValue(
            "Attribute '\(target.definition.name)' has \(count) values; at most \(limits.maxMultiValuedElements) are allowed")
    }

    /// Writes an operation's value into one element: the sub-attribute the path names, or the
    /// sub-attributes of an object value.
    func write(_ value: SCIMValue, into element: inout SCIMObject, at target: AttributeTarget) throws(SCIMError) {
        let definition = target.definition
        if let subAttribute = target.subAttribute {
            try setSubAttribute(subAttribute, to: value, in: &element, of: definition)
            return
        }
        guard case .object(let given) = value else {
            throw .invalidValue(
                "The value for \"\(target.path)\" must be an object of \(definition.name) sub-attributes, not \(value.typeName)")
        }
        try merge(given, into: &element, of: definition)
    }

    // MARK: - remove

    /// The attribute after a `remove`; nil removes it entirely. Absent targets are a no-op.
    func removed(_ value: SCIMValue?, from old: SCIMValue?, at target: AttributeTarget) throws(SCIMError) -> SCIMValue? {
        guard let old else { return nil }
        let definition = target.definition
        guard definition.multiValued else {
            guard let subAttribute = target.subAttribute else { return nil }
            guard case .object(var object) = old else { return old }
            try removeSubAttribute(subAttribute, from: &object, of: definition)
            return .object(object)
        }
        var list = Self.values(of: old)
        if let filter = target.filter {
            let matches = try indices(in: list, matching: filter, of: definition)
            if let subAttribute = target.subAttribute {
                for index in matches {
                    guard case .object(var element) = list[index] else { continue }
                    try removeSubAttribute(subAttribute, from: &element, of: definition)
                    list[index] = .object(element)
                }
                Self.dropElementsWithoutValue(in: &list, at: matches, target: target)
            } else {
                // RFC 7644 §3.5.2.2: "the values matched by the filter are removed".
                for index in matches.reversed() { list.remove(at: index) }
            }
        } else if let subAttribute = target.subAttribute {
            for index in list.indices {
                guard case .object(var element) = list[index] else { continue }
                try removeSubAttribute(subAttribute, from: &element, of: definition)
                list[index] = .object(element)
            }
            Self.dropElementsWithoutValue(in: &list, at: Array(list.indices), target: target)
        } else if let value, value != .null {
            // Entra: `{"op":"Remove","path":"members","value":[{"value":"id"}]}` removes those values
            // only — never the whole list (requirements §2).
            let given = try elements(value, for: definition)
            try checkCount(given.count, of: target)
            let removal = ValueRemoval(given, of: definition)
            list.removeAll { removal.matches($0) }
        } else {
            // RFC 7644 §3.5.2.2: no filter, so all values are removed.
            return nil
        }
        list.removeAll { $0.isUnassigned }
        return .array(list)
    }

    // MARK: - Helpers

    /// The current values of a multi-valued attribute (a stray single value counts as one).
    static func values(of value: SCIMValue?) -> [SCIMValue] {
        switch value {
        case nil, .null?: return []
        case .array(let values)?: return values
        case let other?: return [other]
        }
    }

    /// The indices of the elements a value filter selects; filter paths are relative to one
    /// element (RFC 7644 §3.5.2, `valuePath`).
    func indices(in list: [SCIMValue], matching filter: Filter, of definition: AttributeDefinition) throws(SCIMError) -> [Int] {
        try checkFilterPaths(filter, of: definition)
        return list.indices.filter { index in
            guard case .object(let element) = list[index] else { return false }
            return filter.matches(element, in: .complex(definition))
        }
    }

    /// Refuses a value filter naming a sub-attribute the attribute does not have, or comparing one
    /// with a literal of the wrong type, either of which would otherwise silently match nothing.
    func checkFilterPaths(_ filter: Filter, of definition: AttributeDefinition) throws(SCIMError) {
        switch filter {
        case .compare(let path, let op, let literal):
            guard path.schema == nil, let sub = definition.subAttribute(named: path.name) else {
                throw .invalidPath("\(definition.name) has no sub-attribute \"\(path)\" to filter on")
            }
            try Self.checkComparable(sub, op, literal, in: definition)
        case .present(let path), .valuePath(let path, _):
            guard path.schema == nil, definition.subAttribute(named: path.name) != nil else {
                throw .invalidPath("\(definition.name) has no sub-attribute \"\(path)\" to filter on")
            }
        case .and(let a, let b), .or(let a, let b):
            try checkFilterPaths(a, of: definition)
            try checkFilterPaths(b, of: definition)
        case .not(let inner):
            try checkFilterPaths(inner, of: definition)
        }
    }

    /// RFC 7644 §3.4.2.2: the literal must suit the sub-attribute's type, by the one type check the
    /// store's filter compiler applies too (`CheckedComparison`), so a PATCH path and a query answer
    /// 400 alike instead of the PATCH quietly selecting nothing (`remove emails[type gt true]` used
    /// to return 200). The detail names the element's attribute, which a path's reader knows.
    static func checkComparable(
        _ sub: AttributeDefinition, _ op: ComparisonOperator, _ literal: ComparisonValue, in definition: AttributeDefinition
    ) throws(SCIMError) {
        do throws(FilterTypeError) {
            _ = try CheckedComparison(sub, op, literal)
        } catch {
            throw .invalidFilter(
                "'\(op.rawValue) \(literal)' does not apply to \(definition.name).\(sub.name), a \(sub.type.rawValue)")
        }
    }

    /// The element a filter of `eq` comparisons joined by `and` describes
    /// (`type eq "work" and primary eq true` → `{"type":"work","primary":true}`); nil for any other filter.
    func seedElement(from filter: Filter, of definition: AttributeDefinition) throws(SCIMError) -> SCIMObject? {
        var seed = SCIMObject()
        func collect(_ filter: Filter) -> Bool {
            switch filter {
            case .and(let a, let b):
                return collect(a) && collect(b)
            case .compare(let path, .eq, let literal):
                guard path.schema == nil, path.subAttribute == nil,
                    let subAttribute = definition.subAttribute(named: path.name),
                    let value = Self.value(of: literal)
                else { return false }
                // Two different values for one sub-attribute describe no element.
                if let existing = seed[subAttribute.name], existing != value { return false }
                seed.set(subAttribute.name, value)
                return true
            default:
                return false
            }
        }
        try checkFilterPaths(filter, of: definition)
        return collect(filter) ? seed : nil
    }

    /// A filter literal as a JSON value; nil for `null`, which describes no value.
    static func value(of literal: ComparisonValue) -> SCIMValue? {
        switch literal {
        case .string(let s): return .string(s)
        case .integer(let i): return .integer(i)
        case .decimal(let d): return .decimal(d)
        case .bool(let b): return .bool(b)
        case .null: return nil
        }
    }

    /// The values a `remove` with a value names, in hash sets so that matching stays linear: an
    /// existing element goes when its `value` is one a given element names (Entra sends only
    /// `{"value": id}`), or, for a given element without `value`, when it equals that element.
    struct ValueRemoval {
        private var ids: Set<SCIMValue> = []
        private var whole: Set<SCIMValue> = []
        private let complex: Bool
        private let foldsIDs: Bool

        init(_ given: [SCIMValue], of definition: AttributeDefinition) {
            complex = definition.isComplex
            foldsIDs = definition.subAttribute(named: "value")?.caseExact == false
            for element in given {
                if complex, let id = element["value"] { ids.insert(key(id)) } else { whole.insert(element) }
            }
        }

        func matches(_ existing: SCIMValue) -> Bool {
            if whole.contains(existing) { return true }
            guard complex, !ids.isEmpty, let id = existing["value"] else { return false }
            return ids.contains(key(id))
        }

        private func key(_ id: SCIMValue) -> SCIMValue {
            if foldsIDs, case .string(let text) = id { return .string(caseFold(text)) }
            return id
        }
    }

    /// Removes the elements at `indices` that lost their `value` when the operation wrote or removed
    /// `value` itself. RFC 7643 §2.4: `value` is what an element of emails, phoneNumbers, roles, …
    /// holds; `{"type":"work","primary":true}` alone is no email. Entra clears a work email with
    /// `replace` of `emails[type eq "work"].value` to "" or null and expects it gone.
    static func dropElementsWithoutValue(in list: inout [SCIMValue], at indices: [Int], target: AttributeTarget) {
        guard let sub = target.subAttribute, attributeNamesEqual(sub.name, "value"),
            target.definition.subAttribute(named: "value") != nil
        else { return }
        for index in Set(indices).sorted(by: >) where index < list.count {
            // "" counts as no value: the validator drops an empty `value` (RFC 7643 §2.4).
            if case .object(let element) = list[index], element["value"].map({ $0.isUnassigned || $0 == .string("") }) ?? true {
                list.remove(at: index)
            }
        }
    }

    /// RFC 7643 §2.4: `primary` is true on at most one value; the one this operation set wins.
    static func keepOnePrimary(in list: inout [SCIMValue], preferring touched: [Int]) {
        func isPrimary(_ index: Int) -> Bool { list[index]["primary"]?.boolValue == true }
        let primaries = list.indices.filter(isPrimary)
        guard primaries.count > 1, let keep = touched.last(where: isPrimary) ?? primaries.first else { return }
        for index in primaries where index != keep {
            guard case .object(var element) = list[index] else { continue }
            element.set("primary", .bool(false))
            list[index] = .object(element)
        }
    }
}
