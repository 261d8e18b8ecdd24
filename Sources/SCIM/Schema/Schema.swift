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
        /// False keeps the extension out of `/ResourceTypes` (a scimd key, not RFC 7643): for an
        /// extension of server-computed attributes returned only on request, which generic clients
        /// would otherwise try to write (see docs/conformance.md).
        public var advertised: Bool

        public init(schema: String, required: Bool, advertised: Bool = true) {
            self.schema = schema
            self.required = required
            self.advertised = advertised
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            schema = try c.decode(String.self, forKey: .schema)
            required = try c.decode(Bool.self, forKey: .required)
            advertised = try c.decodeIfPresent(Bool.self, forKey: .advertised) ?? true
        }
    }

    public var id: String
    public var name: String
    public var endpoint: String
    public var description: String?
    public var schema: String
    public var schemaExtensions: [SchemaExtension]?
}
