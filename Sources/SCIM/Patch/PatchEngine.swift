/// Applies PATCH operations to a resource's stored body (RFC 7644 §3.5.2).
///
/// The body holds canonical attribute names, `schemas`, `externalId`, and extension attributes
/// under their schema URN; never `id` or `meta`. The engine is a pure function of (body,
/// operations, schema): it edits a copy, so a failing operation leaves the caller's resource
/// untouched and a request is all-or-nothing for free (RFC 7644 §3.5.2: "the entire request
/// MUST fail" when one operation fails). The validator checks types after the engine has run.
public struct PatchEngine: Sendable {
    /// The resource type's core and extension schemas.
    public let schema: ResourceSchema
    /// Bounds checked while operations run, so a hostile request fails before it does quadratic work.
    public let limits: ValidationLimits

    /// Creates an engine for one resource type.
    public init(schema: ResourceSchema, limits: ValidationLimits = .default) {
        self.schema = schema
        self.limits = limits
    }

    /// Applies `operations` in order and returns the new body; on error nothing is applied.
    public func apply(_ operations: [PatchOperation], to resource: SCIMObject) throws(SCIMError) -> SCIMObject {
        var body = resource
        for operation in operations {
            switch operation {
            case .add(let path?, let value): try write(value, at: path, mode: .add, in: &body)
            case .add(nil, let value): try writeEach(value, mode: .add, scope: nil, in: &body)
            case .replace(let path?, let value): try write(value, at: path, mode: .replace, in: &body)
            case .replace(nil, let value): try writeEach(value, mode: .replace, scope: nil, in: &body)
            case .remove(let path, let value): try remove(at: path, value: value, in: &body)
            }
        }
        tidySchemas(&body)
        return body
    }
}

/// Whether a write adds to what is there or replaces it.
enum PatchWriteMode: String {
    case add, replace
}

extension PatchEngine {
    // MARK: - Operations

    /// `add` or `replace` with a path.
    func write(_ value: SCIMValue, at path: AttributePath, mode: PatchWriteMode, in body: inout SCIMObject) throws(SCIMError) {
        switch try resolve(path) {
        case .schemaObject(let target):
            // Null or "" clears, as for any attribute (requirements §2: setting a value to null removes it).
            if value == .null {
                try clear(target, in: &body)
            } else {
                // The extension object behaves like a complex attribute: the attributes given are
                // added or replaced, the others stay (RFC 7644 §3.5.2.1, §3.5.2.3).
                try writeEach(value, mode: mode, scope: target, in: &body)
            }
        case .attribute(let target):
            try update(target, in: &body) { old throws(SCIMError) in
                try written(value, over: old, at: target, mode: mode)
            }
        }
    }

    /// `add` or `replace` without a path: `value` is an object of attributes, each written as if
    /// it were the path (RFC 7644 §3.5.2.1, §3.5.2.3). Keys may be plain (`active`), dotted
    /// (`name.givenName`), URN-qualified (`urn:…:User:employeeNumber`) or an extension URN whose
    /// value is that extension's attributes, the forms Entra sends with `aadOptscim062020`.
    func writeEach(_ value: SCIMValue, mode: PatchWriteMode, scope: Schema?, in body: inout SCIMObject) throws(SCIMError) {
        guard case .object(let object) = value else {
            if let scope {
                throw .invalidValue("The value for \(scope.id) must be an object of its attributes, not \(value.typeName)")
            }
            throw .invalidSyntax("A \(mode.rawValue) without a path needs an object value, not \(value.typeName)")
        }
        for entry in object {
            // An extension object sent whole may carry its own `schemas` (as client libraries
            // serialize extension models); like the resource's, it is the server's to maintain.
            if scope != nil, attributeNamesEqual(entry.key, "schemas") { continue }
            var path = try AttributePath.parse(entry.key)
            if path.schema == nil, let scope { path.schema = scope.id }
            // requirements §2 and RFC 7643 §3.1: `id`, `meta` and `schemas` sent back by a client are ignored
            // (Okta renames a group with `{"id": …, "displayName": …}`).
            if isServerMaintained(path) { continue }
            try write(entry.value, at: path, mode: mode, in: &body)
        }
    }

    /// `remove`: the path is required (RFC 7644 §3.5.2.2); removing what is absent is a no-op so
    /// that identity providers can retry.
    func remove(at path: AttributePath, value: SCIMValue?, in body: inout SCIMObject) throws(SCIMError) {
        switch try resolve(path) {
        case .schemaObject(let target):
            try clear(target, in: &body)
        case .attribute(let target):
            // RFC 7644 §3.5.2.2: removing a required attribute is refused with `mutability`.
            if target.definition.required, target.filter == nil, target.subAttribute == nil {
                throw .mutability("\(target.definition.name) is required and cannot be removed; replace it instead")
            }
            try update(target, in: &body) { old throws(SCIMError) in
                try removed(value, from: old, at: target)
            }
        }
    }

    /// Removes every client-writable attribute of a schema's object. readOnly attributes are the
    /// server's own (e.g. the scimd extension's `source`) and stay.
    func clear(_ target: Schema, in body: inout SCIMObject) throws(SCIMError) {
        guard schema.isExtension(target.id) else {
            throw .mutability("The core schema \(target.id) cannot be removed as a whole")
        }
        guard case .object(var object)? = body[target.id] else {
            body.removeValue(forKey: target.id)
            return
        }
        for entry in object {
            guard let definition = target.attribute(named: entry.key) else {
                object.removeValue(forKey: entry.key)
                continue
            }
            switch definition.mutability {
            case .readOnly:
                continue
            case .immutable where !entry.value.isUnassigned:
                throw .mutability("\(target.id):\(definition.name) is immutable and cannot be removed")
            default:
                object.removeValue(forKey: entry.key)
            }
        }
        if object.isEmpty { body.removeValue(forKey: target.id) } else { body.set(target.id, .object(object)) }
    }

    // MARK: - Reading and writing one attribute

    /// Replaces one top-level attribute with `change(old)`, enforcing immutability and dropping
    /// unassigned results (RFC 7643 §2.5: null, [] and {} mean unassigned).
    func update(
        _ target: AttributeTarget, in body: inout SCIMObject,
        _ change: (SCIMValue?) throws(SCIMError) -> SCIMValue?
    ) throws(SCIMError) {
        let name = target.definition.name
        var container: SCIMObject
        if let extensionID = target.extensionID {
            container = body[extensionID]?.objectValue ?? SCIMObject()
        } else {
            container = body
        }
        let old = container[name]
        var new = try change(old)
        if let value = new, value.isUnassigned { new = nil }
        // RFC 7644 §3.5.2: an immutable attribute may be given a value while it has none, never changed.
        if target.definition.mutability == .immutable, let old, !old.isUnassigned, new != old {
            throw .mutability("\(target.path.name) is immutable and already has a different value")
        }
        if let new { container.set(name, new) } else { container.removeValue(forKey: name) }
        guard let extensionID = target.extensionID else {
            body = container
            return
        }
        if container.isEmpty {
            body.removeValue(forKey: extensionID)
        } else {
            body.set(extensionID, .object(container))
        }
    }

    /// Drops emptied extension objects and rebuilds `schemas`: the core URN, then each extension
    /// present in the body (RFC 7643 §3: `schemas` lists the schemas the resource uses).
    func tidySchemas(_ body: inout SCIMObject) {
        var urns: [SCIMValue] = [.string(schema.core.id)]
        for (extensionSchema, _) in schema.extensions {
            let id = extensionSchema.id
            guard let value = body[id] else { continue }
            if value.isUnassigned {
                body.removeValue(forKey: id)
            } else {
                body.set(id, value)
                urns.append(.string(id))
            }
        }
        body.set("schemas", .array(urns))
    }
}
