/// A resource type together with its resolved core and extension schemas: what validation,
/// filtering and PATCH consult to find an attribute's definition.
public struct ResourceSchema: Sendable {
    public let resourceType: ResourceType
    public let core: Schema
    /// Extension schemas with whether each is required.
    public let extensions: [(schema: Schema, required: Bool)]

    public init(resourceType: ResourceType, core: Schema, extensions: [(schema: Schema, required: Bool)]) {
        self.resourceType = resourceType
        self.core = core
        self.extensions = extensions
    }

    /// Every schema URN a resource of this type may list in `schemas`.
    public var schemaIDs: [String] { [core.id] + extensions.map(\.schema.id) }

    /// The schema with this URN (case-insensitive), core or extension.
    public func schema(withID id: String) -> Schema? {
        if attributeNamesEqual(core.id, id) { return core }
        return extensions.first { attributeNamesEqual($0.schema.id, id) }?.schema
    }

    /// True if `id` names an extension schema (not the core schema).
    public func isExtension(_ id: String) -> Bool {
        extensions.contains { attributeNamesEqual($0.schema.id, id) }
    }

    /// Resolves a top-level attribute: an unqualified name is looked up in the core schema
    /// (RFC 7644 §3.10); a URN-qualified one in the schema it names.
    public func attribute(schema schemaID: String?, name: String) -> (schema: Schema, attribute: AttributeDefinition)? {
        if let schemaID {
            guard let schema = schema(withID: schemaID), let attribute = schema.attribute(named: name) else { return nil }
            return (schema, attribute)
        }
        if let attribute = core.attribute(named: name) { return (core, attribute) }
        return nil
    }

    /// Resolves a path to its attribute definition and, if given, the sub-attribute definition.
    public func resolve(_ path: AttributePath) -> ResolvedAttribute? {
        guard let (schema, attribute) = attribute(schema: path.schema, name: path.name) else { return nil }
        var sub: AttributeDefinition?
        if let subName = path.subAttribute {
            guard let s = attribute.subAttribute(named: subName) else { return nil }
            sub = s
        }
        return ResolvedAttribute(schema: schema, attribute: attribute, subAttribute: sub)
    }
}

/// The definitions a path refers to.
public struct ResolvedAttribute: Sendable {
    public let schema: Schema
    public let attribute: AttributeDefinition
    public let subAttribute: AttributeDefinition?

    /// True when the attribute lives in an extension schema, i.e. under the schema URN key in JSON.
    public func isExtension(of resourceSchema: ResourceSchema) -> Bool {
        resourceSchema.isExtension(schema.id)
    }

    /// The definition of the leaf the path ends at.
    public var leaf: AttributeDefinition { subAttribute ?? attribute }
}
