/// Which attributes a response carries, from the `attributes` and `excludedAttributes` query
/// parameters (RFC 7644 §3.9) and each attribute's `returned` characteristic (RFC 7643 §7).
public struct ResponseProjection: Sendable {
    /// One resolved entry of a parameter: a whole schema, an attribute, or one sub-attribute.
    struct Selector: Sendable, Hashable {
        /// The schema the attribute belongs to; the core schema for unqualified and common attributes.
        var container: String
        /// `nil` selects every attribute of `container` (a whole extension such as the Enterprise User).
        var name: String?
        var subAttribute: String?
    }

    /// What survives of one attribute: `nil` sub-attribute lists mean "all of them".
    struct Decision {
        var wanted: [String]?
        var excluded: [String]
    }

    /// The resource type the projected resources belong to.
    public let schema: ResourceSchema
    /// The `attributes` entries, or `nil` when the parameter was not given.
    let attributes: [Selector]?
    let excluded: [Selector]

    /// Parses the comma-separated parameters; an entry that is not an attribute path throws.
    ///
    /// RFC 7644 §3.9 calls the two parameters mutually exclusive; given both, `attributes` selects
    /// and `excludedAttributes` then removes, which is what a client sending both can mean.
    /// Entries naming attributes the resource type does not have are ignored: they select nothing.
    public init(schema: ResourceSchema, attributes: String?, excludedAttributes: String?) throws(SCIMError) {
        self.schema = schema
        // `attributes=` with nothing in it is read as absent rather than as "return only id and schemas".
        if let attributes, !attributes.allSatisfy({ $0.isWhitespace || $0 == "," }) {
            self.attributes = try Self.selectors(attributes, parameter: "attributes", schema: schema)
        } else {
            self.attributes = nil
        }
        self.excluded =
            try excludedAttributes.map { (list) throws(SCIMError) in
                try Self.selectors(list, parameter: "excludedAttributes", schema: schema)
            } ?? []
    }

    /// The projection that returns what RFC 7643 §7 `returned` allows by default.
    public static func all(_ schema: ResourceSchema) -> ResponseProjection {
        ResponseProjection(schema: schema, attributes: nil, excluded: [])
    }

    private init(schema: ResourceSchema, attributes: [Selector]?, excluded: [Selector]) {
        self.schema = schema
        self.attributes = attributes
        self.excluded = excluded
    }

    /// True without `attributes` and `excludedAttributes`: only `returned` decides (RFC 7643 §7).
    public var selectsDefaults: Bool { attributes == nil && excluded.isEmpty }

    /// True when `attributeName` (plain, URN-qualified, or an extension URN) would appear in the response,
    /// so the caller can skip loading it — Entra reads groups with `excludedAttributes=members`.
    public func includes(_ attributeName: String) -> Bool {
        let name = attributeName.trimmingWhitespace
        if let whole = schema.schemaIDs.first(where: { attributeNamesEqual($0, name) }),
            let owner = schema.schema(withID: whole)
        {
            return owner.attributes.contains { decide(container: owner.id, name: $0.name, definition: $0) != nil }
        }
        for id in schema.schemaIDs {
            if let inner = ResourceValidator.attributeName(name, qualifiedBy: id), let owner = schema.schema(withID: id)
            {
                return decide(container: owner.id, name: inner, definition: definition(inner, in: owner)) != nil
            }
        }
        return decide(container: schema.core.id, name: name, definition: definition(name, in: schema.core)) != nil
    }

    /// Projects a full resource (id, meta, schemas, body and server-added members or groups).
    public func apply(to resource: SCIMObject) -> SCIMObject {
        var out = SCIMObject()
        var presentExtensions: [String] = []
        for entry in resource {
            if attributeNamesEqual(entry.key, "schemas") {
                out.set(entry.key, entry.value)  // RFC 7643 §3: returned always; rewritten below
                continue
            }
            if let ext = schema.extensions.first(where: { attributeNamesEqual($0.schema.id, entry.key) })?.schema {
                guard case .object(let object) = entry.value else { continue }
                var projected = SCIMObject()
                for inner in object {
                    let definition = ext.attribute(named: inner.key)
                    if let value = project(inner.value, container: ext.id, name: inner.key, definition: definition) {
                        projected.set(inner.key, value)
                    }
                }
                if !projected.isEmpty {
                    out.set(entry.key, .object(projected))
                    presentExtensions.append(ext.id)
                }
                continue
            }
            let definition = definition(entry.key, in: schema.core)
            if let value = project(entry.value, container: schema.core.id, name: entry.key, definition: definition) {
                out.set(entry.key, value)
            }
        }
        // RFC 7643 §3: `schemas` lists the extensions the (returned) resource uses.
        if out["schemas"] != nil || !presentExtensions.isEmpty {
            out["schemas"] = .array(([schema.core.id] + presentExtensions).map(SCIMValue.string))
        }
        return out
    }

    // MARK: - Deciding

    /// Core attributes first, then the common ones (`id`, `externalId`, `meta`) that no schema file defines.
    private func definition(_ name: String, in owner: Schema) -> AttributeDefinition? {
        if let found = owner.attribute(named: name) { return found }
        return owner.id == schema.core.id ? CommonAttributes.attribute(named: name) : nil
    }

    /// Applies RFC 7643 §7 `returned` and RFC 7644 §3.9 to one top-level attribute; `nil` drops it.
    func decide(container: String, name: String, definition: AttributeDefinition?) -> Decision? {
        let returned = definition?.returned ?? .default
        switch returned {
        case .always: return Decision(wanted: nil, excluded: [])  // even when excluded (RFC 7644 §3.9)
        case .never: return nil
        case .default, .request: break
        }
        var decision = Decision(wanted: nil, excluded: [])
        if let attributes {
            // The attribute, its schema, or one of its sub-attributes must be listed.
            switch coverage(attributes, container: container, name: name) {
            case .none: return nil
            case .whole: break
            case .subAttributes(let subs): decision.wanted = subs
            }
        } else if returned == .request {
            return nil  // RFC 7643 §7 request: only when named in `attributes`
        }
        switch coverage(excluded, container: container, name: name) {
        case .whole: return nil
        case .subAttributes(let subs): decision.excluded = subs
        case .none: break
        }
        return decision
    }

    private func project(_ value: SCIMValue, container: String, name: String, definition: AttributeDefinition?)
        -> SCIMValue?
    {
        guard let decision = decide(container: container, name: name, definition: definition) else { return nil }
        if definition?.returned == .always { return value }
        switch value {
        case .object(let object):
            return projectElement(object, definition: definition, decision: decision).map(SCIMValue.object)
        case .array(let items):
            var out: [SCIMValue] = []
            out.reserveCapacity(items.count)
            for item in items {
                if case .object(let object) = item {
                    if let kept = projectElement(object, definition: definition, decision: decision) {
                        out.append(.object(kept))
                    }
                } else if decision.wanted == nil {
                    out.append(item)
                }
            }
            return out.isEmpty ? nil : .array(out)
        default:
            // A simple attribute has no sub-attributes for `name.sub` to select.
            return decision.wanted == nil ? value : nil
        }
    }

    /// Applies the sub-attributes' own `returned` and the listed sub-attributes to one complex value.
    private func projectElement(_ object: SCIMObject, definition: AttributeDefinition?, decision: Decision)
        -> SCIMObject?
    {
        var out = object
        out.filter { entry in
            let returned = definition?.subAttribute(named: entry.key)?.returned ?? .default
            let listed = decision.wanted?.contains { attributeNamesEqual($0, entry.key) }
            switch returned {
            case .always: return true
            case .never: return false
            case .request: if listed != true { return false }
            case .default: if listed == false { return false }
            }
            return !decision.excluded.contains { attributeNamesEqual($0, entry.key) }
        }
        return out.isEmpty ? nil : out
    }

    enum Coverage {
        case none, whole
        case subAttributes([String])
    }

    private func coverage(_ selectors: [Selector], container: String, name: String) -> Coverage {
        var subs: [String] = []
        for s in selectors where attributeNamesEqual(s.container, container) {
            guard let selected = s.name else { return .whole }
            guard attributeNamesEqual(selected, name) else { continue }
            guard let sub = s.subAttribute else { return .whole }
            subs.append(sub)
        }
        return subs.isEmpty ? .none : .subAttributes(subs)
    }

    // MARK: - Parsing

    private static func selectors(_ list: String, parameter: String, schema: ResourceSchema) throws(SCIMError)
        -> [Selector]
    {
        var out: [Selector] = []
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let text = String(part).trimmingWhitespace
            // A trailing or doubled comma selects nothing; tolerating it costs nothing.
            if text.isEmpty { continue }
            if let id = schema.schemaIDs.first(where: { attributeNamesEqual($0, text) }) {
                out.append(Selector(container: id, name: nil, subAttribute: nil))
                continue
            }
            let path: AttributePath
            do {
                path = try AttributePath.parse(text)
            } catch {
                throw SCIMError(
                    status: error.status, scimType: error.scimType ?? .invalidPath,
                    detail: "Invalid '\(parameter)' entry '\(text)': \(error.detail)")
            }
            // RFC 7644 §3.9: the parameters take attribute names (§3.10 notation), not value filters.
            if path.valueFilter != nil {
                throw .invalidPath("Invalid '\(parameter)' entry '\(text)': filters are not allowed here")
            }
            let owner: Schema
            if let urn = path.schema {
                guard let found = schema.schema(withID: urn) else { continue }  // unknown schema: selects nothing
                owner = found
            } else {
                owner = schema.core
            }
            let definition =
                owner.attribute(named: path.name)
                ?? (owner.id == schema.core.id ? CommonAttributes.attribute(named: path.name) : nil)
            let name = definition?.name ?? path.name
            let sub = path.subAttribute.map { definition?.subAttribute(named: $0)?.name ?? $0 }
            out.append(Selector(container: owner.id, name: name, subAttribute: sub))
        }
        return out
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    fileprivate var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
