/// The attributes every resource has (RFC 7643 §3 and §3.1): `schemas`, `id`, `externalId` and `meta`.
///
/// RFC 7643 defines these outside any schema, so they are not in the `schemas/` files; they are
/// defined once here, with the characteristics the RFC states, for validation and projection.
public enum CommonAttributes {
    /// `schemas` (RFC 7643 §3): the URIs of the schemas the resource uses; REQUIRED, returned always.
    ///
    /// RFC 7643 gives it no mutability. Clients send it, but scimd recomputes it from the attributes
    /// present (core URN, then each extension), so it is readOnly here and a PATCH cannot target it.
    public static let schemas = AttributeDefinition(
        name: "schemas", type: .reference, multiValued: true,
        description: "The schema URIs that define the attributes present in the resource.",
        required: true, caseExact: true, mutability: .readOnly, returned: .always, uniqueness: .none,
        referenceTypes: ["uri"])

    /// `id` (RFC 7643 §3.1): issued by the service provider; readOnly, returned always, caseExact, unique.
    public static let id = AttributeDefinition(
        name: "id", type: .string,
        description: "A unique identifier for a SCIM resource as defined by the service provider.",
        required: false, caseExact: true, mutability: .readOnly, returned: .always, uniqueness: .server)

    /// `externalId` (RFC 7643 §3.1): the provisioning client's identifier; readWrite, caseExact.
    public static let externalId = AttributeDefinition(
        name: "externalId", type: .string,
        description: "An identifier for the resource as defined by the provisioning client.",
        required: false, caseExact: true, mutability: .readWrite, returned: .default, uniqueness: .none)

    /// `meta` (RFC 7643 §3.1): resource metadata maintained by the service provider; readOnly.
    public static let meta = AttributeDefinition(
        name: "meta", type: .complex,
        description: "Resource metadata maintained by the service provider.",
        required: false, caseExact: false, mutability: .readOnly, returned: .default, uniqueness: .none,
        subAttributes: [
            AttributeDefinition(
                name: "resourceType", type: .string, description: "The name of the resource type of the resource.",
                caseExact: true, mutability: .readOnly),
            AttributeDefinition(
                name: "created", type: .dateTime, description: "When the resource was added to the service provider.",
                mutability: .readOnly),
            AttributeDefinition(
                name: "lastModified", type: .dateTime, description: "When the resource was last updated.",
                mutability: .readOnly),
            AttributeDefinition(
                name: "location", type: .reference, description: "The URI of the resource being returned.",
                caseExact: true, mutability: .readOnly, referenceTypes: ["uri"]),
            AttributeDefinition(
                name: "version", type: .string, description: "The version (ETag) of the resource being returned.",
                caseExact: true, mutability: .readOnly),
        ])

    /// All four, in the order RFC 7643 §3 lists them.
    public static let all: [AttributeDefinition] = [schemas, id, externalId, meta]

    /// The common attribute called `name`, compared case-insensitively.
    public static func attribute(named name: String) -> AttributeDefinition? {
        all.first { attributeNamesEqual($0.name, name) }
    }
}
