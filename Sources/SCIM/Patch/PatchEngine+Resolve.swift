/// What a PATCH path designates once resolved against the resource's schemas.
enum PatchTarget {
    /// A whole schema's object: a path that is exactly a schema URN
    /// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`).
    case schemaObject(Schema)
    /// One attribute, possibly narrowed by a value filter and a sub-attribute.
    case attribute(AttributeTarget)
}

/// A resolved attribute path: canonical definitions plus where the attribute lives in the body.
struct AttributeTarget {
    /// The extension URN whose object holds the attribute; nil for top-level (core) attributes.
    var extensionID: String?
    var definition: AttributeDefinition
    var filter: Filter?
    var subAttribute: AttributeDefinition?
    /// The path as written, for error messages.
    var path: AttributePath
}

extension PatchEngine {
    /// Resolves a path case-insensitively (RFC 7643 §2.1): an unqualified name against the core
    /// schema, a URN-qualified one against the schema it names (RFC 7644 §3.10).
    func resolve(_ path: AttributePath) throws(SCIMError) -> PatchTarget {
        if path.valueFilter == nil, path.subAttribute == nil, let whole = schemaNamed(by: path) {
            return .schemaObject(whole)
        }
        let (extensionID, definition) = try attribute(for: path)
        // RFC 7644 §3.5.2: "a client MUST NOT modify an attribute that has mutability readOnly".
        if definition.mutability == .readOnly {
            throw .mutability("\(path) is readOnly and cannot be modified")
        }
        var subAttribute: AttributeDefinition?
        if let subName = path.subAttribute {
            guard definition.isComplex, let found = definition.subAttribute(named: subName) else {
                throw .invalidPath("Unknown sub-attribute \"\(subName)\" of \(definition.name) in path \"\(path)\"")
            }
            if found.mutability == .readOnly {
                throw .mutability("\(definition.name).\(found.name) is readOnly and cannot be modified")
            }
            subAttribute = found
        }
        if path.valueFilter != nil, !(definition.multiValued && definition.isComplex) {
            throw .invalidPath("A value filter needs a multi-valued complex attribute; \(definition.name) is not one")
        }
        return .attribute(
            AttributeTarget(
                extensionID: extensionID, definition: definition, filter: path.valueFilter,
                subAttribute: subAttribute, path: path))
    }

    /// The schema whose URN the path spells out entirely. The path parser splits such a URN at its
    /// last colon, so `urn:…:enterprise:2.0:User` arrives as schema `urn:…:enterprise:2.0`, name `User`.
    func schemaNamed(by path: AttributePath) -> Schema? {
        let urn = path.schema.map { "\($0):\(path.name)" } ?? path.name
        return schema.schema(withID: urn)
    }

    /// The definition a path's attribute name refers to, and the extension holding it.
    func attribute(for path: AttributePath) throws(SCIMError) -> (extensionID: String?, definition: AttributeDefinition) {
        if let urn = path.schema {
            guard let owner = schema.schema(withID: urn) else {
                throw .invalidPath("Unknown schema \"\(urn)\" in path \"\(path)\"")
            }
            if schema.isExtension(owner.id) {
                guard let definition = owner.attribute(named: path.name) else {
                    throw .invalidPath("Unknown attribute \"\(path.name)\" of \(owner.id) in path \"\(path)\"")
                }
                return (owner.id, definition)
            }
        }
        guard let definition = schema.core.attribute(named: path.name) ?? CommonAttributes.attribute(named: path.name) else {
            throw .invalidPath("Unknown attribute \"\(path.name)\" in path \"\(path)\"")
        }
        return (nil, definition)
    }

    /// True for `id`, `meta` and `schemas` (optionally core-qualified), which path-less values may
    /// carry and which are then ignored rather than refused.
    func isServerMaintained(_ path: AttributePath) -> Bool {
        if let urn = path.schema, !attributeNamesEqual(urn, schema.core.id) { return false }
        return ["id", "meta", "schemas"].contains { attributeNamesEqual($0, path.name) }
    }
}
