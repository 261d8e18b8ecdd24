/// A SCIM schema (RFC 7643 §7): an id (URN), a name and attribute definitions.
public struct Schema: Sendable, Hashable, Codable {
    public var id: String
    public var name: String?
    public var description: String?
    public var attributes: [AttributeDefinition]

    public init(id: String, name: String? = nil, description: String? = nil, attributes: [AttributeDefinition]) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// The top-level attribute called `name`, compared case-insensitively.
    public func attribute(named name: String) -> AttributeDefinition? {
        attributes.first { attributeNamesEqual($0.name, name) }
    }
}

/// A resource type (RFC 7643 §6): its endpoint, core schema and extensions.
public struct ResourceType: Sendable, Hashable, Codable {
    /// An extension schema of a resource type.
    public struct SchemaExtension: Sendable, Hashable, Codable {
        public var schema: String
        public var required: Bool
    }

    public var id: String
    public var name: String
    public var endpoint: String
    public var description: String?
    public var schema: String
    public var schemaExtensions: [SchemaExtension]?
}
