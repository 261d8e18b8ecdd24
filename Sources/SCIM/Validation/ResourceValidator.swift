/// Checks a resource body against its schemas and returns it normalized for storage.
///
/// The result has canonical attribute names, a `schemas` array (core URN first, then each
/// extension present), extension attributes under their URN key and `externalId` at top level;
/// no `id`, no `meta`, no readOnly or writeOnly attributes. Group `members` are validated and
/// kept, so the caller can move them into the membership table. Validating a result again
/// returns it unchanged.
public struct ResourceValidator: Sendable {
    /// What the body is for; replace and patched carry the stored body to check immutables against.
    public enum Mode: Sendable {
        /// A POST body.
        case create
        /// A PUT body replacing `existing`.
        case replace(existing: SCIMObject)
        /// The result of applying PATCH operations to `existing`.
        case patched(existing: SCIMObject)

        var existing: SCIMObject? {
            switch self {
            case .create: return nil
            case .replace(let existing), .patched(let existing): return existing
            }
        }

        var isPatched: Bool {
            if case .patched = self { return true }
            return false
        }
    }

    /// The resource type's core and extension schemas.
    public let schema: ResourceSchema
    /// The size bounds enforced.
    public let limits: ValidationLimits

    /// Microsoft's documented group create lists this pre-SCIM-2.0 URI in `schemas`; it names no
    /// schema scimd knows, but refusing it would refuse Entra's groups, so it is accepted and dropped.
    public static let legacyMicrosoftGroupSchema =
        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"

    /// Creates a validator for one resource type.
    public init(schema: ResourceSchema, limits: ValidationLimits = .default) {
        self.schema = schema
        self.limits = limits
    }

    /// Validates `input` and returns the normalized stored body, or throws the error a client should see.
    public func validate(_ input: SCIMObject, mode: Mode) throws(SCIMError) -> SCIMObject {
        // A patched body is built from a stored body, whose `schemas` is recomputed below anyway.
        if !mode.isPatched { try checkSchemas(input["schemas"]) }

        var body = Body(extensionCount: schema.extensions.count)
        for entry in input {
            try place(entry, into: &body, mode: mode)
        }

        if let existing = mode.existing {
            try checkImmutables(
                schema.core.attributes, new: &body.core, old: existing, prefix: "", carryOver: !mode.isPatched)
            for (i, ext) in schema.extensions.enumerated() {
                let old = existing[ext.schema.id]?.objectValue ?? SCIMObject()
                try checkImmutables(
                    ext.schema.attributes, new: &body.extensions[i], old: old, prefix: "\(ext.schema.id):",
                    carryOver: !mode.isPatched)
            }
        }

        // RFC 7643 §2.2 required. A PATCH result is a whole resource too, so it is held to the same rule.
        try checkRequired(schema.core.attributes, in: body.core, prefix: "")
        for (i, ext) in schema.extensions.enumerated() {
            if body.extensions[i].isEmpty {
                // RFC 7643 §6: a required extension must be present in every resource of the type.
                // An extension made only of server-computed (readOnly) attributes is required in the
                // sense that every resource has it; the server supplies it, the client cannot.
                let clientWritable = ext.schema.attributes.contains { $0.mutability != .readOnly }
                if ext.required && clientWritable { throw .invalidValue("Extension '\(ext.schema.id)' is required") }
                continue
            }
            try checkRequired(ext.schema.attributes, in: body.extensions[i], prefix: "\(ext.schema.id):")
        }

        return body.assembled(schema)
    }

    // MARK: - schemas

    /// RFC 7643 §3: `schemas` is REQUIRED and lists the core schema and the extensions used.
    private func checkSchemas(_ raw: SCIMValue?) throws(SCIMError) {
        let core = schema.core.id
        let items: [SCIMValue]
        switch raw {
        case .array(let a)?: items = a
        case .string(let urn)?: items = [.string(urn)]  // a lone URN: the multi-valued leniency applied everywhere
        default: throw .invalidSyntax("Request must list \(core) in 'schemas'")
        }
        var sawCore = false
        for item in items {
            guard case .string(let urn) = item else {
                throw .invalidSyntax("'schemas' must hold strings, got \(item.typeName)")
            }
            if attributeNamesEqual(urn, core) {
                sawCore = true
            } else if !schema.isExtension(urn) && !attributeNamesEqual(urn, Self.legacyMicrosoftGroupSchema) {
                throw .invalidValue("Unknown schema '\(urn)' for resource type \(schema.resourceType.name)")
            }
        }
        guard sawCore else { throw .invalidSyntax("Request must list \(core) in 'schemas'") }
    }

    // MARK: - Placing members

    /// The body being built: core and common attributes, and one object per extension in resource-type order.
    private struct Body {
        var core = SCIMObject()
        var extensions: [SCIMObject]

        init(extensionCount: Int) { extensions = Array(repeating: SCIMObject(), count: extensionCount) }

        func assembled(_ schema: ResourceSchema) -> SCIMObject {
            var out = SCIMObject()
            var schemas: [SCIMValue] = [.string(schema.core.id)]
            out.set("schemas", .array(schemas))
            for entry in core { out.set(entry.key, entry.value) }
            for (i, ext) in schema.extensions.enumerated() where !extensions[i].isEmpty {
                out.set(ext.schema.id, .object(extensions[i]))
                schemas.append(.string(ext.schema.id))
            }
            out.set("schemas", .array(schemas))
            return out
        }
    }

    /// Routes one top-level member: common attribute, whole extension, URN-qualified attribute or core attribute.
    private func place(_ entry: SCIMObject.Entry, into body: inout Body, mode: Mode) throws(SCIMError) {
        let key = entry.key
        if attributeNamesEqual(key, "schemas") { return }
        if let common = CommonAttributes.attribute(named: key) {
            // `id` and `meta` are readOnly: RFC 7643 §3.1 says the service provider assigns them, so input is ignored.
            guard common.mutability != .readOnly else { return }
            let normalized = try value(entry.value, common, path: common.name)
            body.core[common.name] = nil
            if let normalized { body.core.set(common.name, normalized) }
            return
        }
        if attributeNamesEqual(key, schema.core.id) {
            // The core URN as a key holding core attributes: unusual but unambiguous.
            guard !entry.value.isUnassigned else { return }
            guard case .object(let object) = entry.value else {
                throw .invalidValue("Attribute '\(schema.core.id)' must be an object, got \(entry.value.typeName)")
            }
            for inner in object {
                try place(inner, into: &body, mode: mode)
            }
            return
        }
        if let i = extensionIndex(key) {
            // RFC 7643 §3.3: an extension's attributes sit in an object under the extension URN.
            let ext = schema.extensions[i].schema
            if entry.value.isUnassigned || entry.value == .string("") {
                body.extensions[i] = SCIMObject()
                return
            }
            guard case .object(let object) = entry.value else {
                throw .invalidValue("Attribute '\(ext.id)' must be an object, got \(entry.value.typeName)")
            }
            // Client libraries serialize extension models with their own `schemas`; the resource's
            // `schemas` is what counts, so this one is ignored.
            for inner in object where !attributeNamesEqual(inner.key, "schemas") {
                try placeAttribute(inner.key, inner.value, schema: ext, into: &body.extensions[i], mode: mode)
            }
            return
        }
        if let (i, name) = qualifiedExtensionAttribute(key) {
            // RFC 7644 §3.10: `urn:…:User:employeeNumber` names the attribute inside that extension.
            try placeAttribute(
                name, entry.value, schema: schema.extensions[i].schema, into: &body.extensions[i], mode: mode)
            return
        }
        if let name = qualifiedCoreAttribute(key) {
            try place(.init(key: name, value: entry.value), into: &body, mode: mode)
            return
        }
        try placeAttribute(key, entry.value, schema: schema.core, into: &body.core, mode: mode)
    }

    private func placeAttribute(
        _ name: String, _ raw: SCIMValue, schema owner: Schema, into container: inout SCIMObject, mode: Mode
    ) throws(SCIMError) {
        guard let definition = owner.attribute(named: name) else {
            // A PATCH result only holds what the PATCH engine resolved against the schema; stray keys are dropped.
            if mode.isPatched { return }
            let qualified = owner.id == schema.core.id ? name : "\(owner.id):\(name)"
            throw .invalidValue("Unknown attribute '\(qualified)' for resource type \(schema.resourceType.name)")
        }
        let path = owner.id == schema.core.id ? definition.name : "\(owner.id):\(definition.name)"
        let normalized = try value(raw, definition, path: path)
        // A later spelling of the same attribute wins, as it would in a JSON object.
        container[definition.name] = nil
        if let normalized { container.set(definition.name, normalized) }
    }

    private func extensionIndex(_ key: String) -> Int? {
        schema.extensions.firstIndex { attributeNamesEqual($0.schema.id, key) }
    }

    private func qualifiedExtensionAttribute(_ key: String) -> (Int, String)? {
        for (i, ext) in schema.extensions.enumerated() {
            if let name = Self.attributeName(key, qualifiedBy: ext.schema.id) { return (i, name) }
        }
        return nil
    }

    private func qualifiedCoreAttribute(_ key: String) -> String? {
        Self.attributeName(key, qualifiedBy: schema.core.id)
    }

    /// `urn:x:y:name` → `name` when `key` starts with `urn` and a colon (case-insensitively).
    static func attributeName(_ key: String, qualifiedBy urn: String) -> String? {
        let k = key.utf8
        let u = urn.utf8
        guard k.count > u.count + 1 else { return nil }
        let prefixEnd = k.index(k.startIndex, offsetBy: u.count)
        guard k[prefixEnd] == UInt8(ascii: ":"),
            attributeNamesEqual(String(decoding: k[k.startIndex..<prefixEnd], as: UTF8.self), urn)
        else { return nil }
        return String(decoding: k[k.index(after: prefixEnd)...], as: UTF8.self)
    }

    // MARK: - required

    /// RFC 7643 §2.2: a required attribute must be present; readOnly ones are the server's to supply and
    /// writeOnly ones are never stored, so neither is checked here.
    private func checkRequired(_ definitions: [AttributeDefinition], in container: SCIMObject, prefix: String)
        throws(SCIMError)
    {
        for definition in definitions where definition.required {
            guard definition.mutability != .readOnly, definition.mutability != .writeOnly else { continue }
            guard let value = container[definition.name] else {
                throw .invalidValue("Attribute '\(prefix)\(definition.name)' is required")
            }
            // A required name such as userName or displayName that is all blanks identifies nothing.
            if case .string(let s) = value, s.allSatisfy(\.isWhitespace) {
                throw .invalidValue("Attribute '\(prefix)\(definition.name)' must not be blank")
            }
        }
    }

    // MARK: - immutable

    /// RFC 7643 §7 immutable: once assigned, the value may not change. RFC 7644 §3.5.1: a PUT must
    /// repeat it or leave it out; left out, the stored value is carried over. A PATCH result that lost
    /// it removed it, which is a change. Elements of multi-valued complex attributes have no identity
    /// other than their values, so their immutable sub-attributes are only checked on creation.
    private func checkImmutables(
        _ definitions: [AttributeDefinition], new: inout SCIMObject, old: SCIMObject, prefix: String, carryOver: Bool
    ) throws(SCIMError) {
        for definition in definitions {
            guard let oldValue = old[definition.name], !oldValue.isUnassigned else { continue }
            let path = prefix + definition.name
            if definition.mutability == .immutable {
                guard let newValue = new[definition.name] else {
                    if carryOver {
                        new.set(definition.name, oldValue)
                        continue
                    }
                    throw .mutability("Attribute '\(path)' is immutable and cannot be removed")
                }
                guard Self.equivalent(newValue, oldValue, definition) else {
                    throw .mutability("Attribute '\(path)' is immutable and cannot be changed")
                }
            } else if definition.isComplex, !definition.multiValued,
                let subs = definition.subAttributes, subs.contains(where: { $0.mutability == .immutable }),
                case .object(let oldObject) = oldValue
            {
                var newObject = new[definition.name]?.objectValue ?? SCIMObject()
                try checkImmutables(subs, new: &newObject, old: oldObject, prefix: path + ".", carryOver: carryOver)
                if !newObject.isEmpty { new.set(definition.name, .object(newObject)) }
            }
        }
    }

    /// Equality as the attribute defines it: strings by caseExact, multi-valued ignoring order.
    static func equivalent(_ a: SCIMValue, _ b: SCIMValue, _ definition: AttributeDefinition) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            return definition.caseExact ? x == y : caseFold(x) == caseFold(y)
        case (.array(let xs), .array(let ys)):
            guard xs.count == ys.count else { return false }
            var remaining = ys
            for x in xs {
                guard let i = remaining.firstIndex(where: { equivalent(x, $0, definition.withoutMultiValue) }) else {
                    return false
                }
                remaining.remove(at: i)
            }
            return true
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for entry in x {
                guard let other = y[entry.key] else { return false }
                let sub = definition.subAttribute(named: entry.key) ?? definition.withoutMultiValue
                if !equivalent(entry.value, other, sub) { return false }
            }
            return true
        default:
            return a == b
        }
    }
}

extension AttributeDefinition {
    /// The definition of one element of a multi-valued attribute.
    fileprivate var withoutMultiValue: AttributeDefinition {
        var copy = self
        copy.multiValued = false
        return copy
    }
}
