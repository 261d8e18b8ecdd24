/// An attribute's data type (RFC 7643 §2.3); raw values keep the RFC spelling.
public enum AttributeType: String, Sendable, Hashable, Codable {
    case string, boolean, decimal, integer, dateTime, reference, complex, binary
}

/// When an attribute may be written (RFC 7643 §7).
public enum Mutability: String, Sendable, Hashable, Codable {
    case readOnly, readWrite, immutable, writeOnly
}

/// When an attribute is returned (RFC 7643 §7).
public enum Returned: String, Sendable, Hashable, Codable {
    case always, never, `default`, request
}

/// How an attribute's values must be unique (RFC 7643 §7).
public enum Uniqueness: String, Sendable, Hashable, Codable {
    case none, server, global
}

/// One attribute of a schema, as published at `/Schemas` (RFC 7643 §7).
public struct AttributeDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var type: AttributeType
    public var multiValued: Bool
    public var description: String?
    public var required: Bool
    public var caseExact: Bool
    public var mutability: Mutability
    public var returned: Returned
    public var uniqueness: Uniqueness
    public var canonicalValues: [String]?
    public var referenceTypes: [String]?
    public var subAttributes: [AttributeDefinition]?

    public init(
        name: String, type: AttributeType, multiValued: Bool = false, description: String? = nil,
        required: Bool = false, caseExact: Bool = false, mutability: Mutability = .readWrite,
        returned: Returned = .default, uniqueness: Uniqueness = .none, canonicalValues: [String]? = nil,
        referenceTypes: [String]? = nil, subAttributes: [AttributeDefinition]? = nil
    ) {
        self.name = name
        self.type = type
        self.multiValued = multiValued
        self.description = description
        self.required = required
        self.caseExact = caseExact
        self.mutability = mutability
        self.returned = returned
        self.uniqueness = uniqueness
        self.canonicalValues = canonicalValues
        self.referenceTypes = referenceTypes
        self.subAttributes = subAttributes
    }

    // RFC 7643 §7 gives the defaults for characteristics a schema file leaves out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decode(AttributeType.self, forKey: .type)
        multiValued = try c.decodeIfPresent(Bool.self, forKey: .multiValued) ?? false
        description = try c.decodeIfPresent(String.self, forKey: .description)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        caseExact = try c.decodeIfPresent(Bool.self, forKey: .caseExact) ?? false
        mutability = try c.decodeIfPresent(Mutability.self, forKey: .mutability) ?? .readWrite
        returned = try c.decodeIfPresent(Returned.self, forKey: .returned) ?? .default
        uniqueness = try c.decodeIfPresent(Uniqueness.self, forKey: .uniqueness) ?? .none
        canonicalValues = try c.decodeIfPresent([String].self, forKey: .canonicalValues)
        referenceTypes = try c.decodeIfPresent([String].self, forKey: .referenceTypes)
        subAttributes = try c.decodeIfPresent([AttributeDefinition].self, forKey: .subAttributes)
    }

    /// The sub-attribute called `name`, compared case-insensitively.
    public func subAttribute(named name: String) -> AttributeDefinition? {
        subAttributes?.first { attributeNamesEqual($0.name, name) }
    }

    /// True for a complex attribute.
    public var isComplex: Bool { type == .complex }
}
