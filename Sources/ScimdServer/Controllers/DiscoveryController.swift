import Hummingbird
import SCIM

/// `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` (RFC 7644 §4), generated from
/// the files in `schemas/` — the single source of truth for attributes.
struct DiscoveryController: Sendable {
    static let serviceProviderConfigSchema = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
    static let resourceTypeSchema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
    static let schemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema"

    let registry: SchemaRegistry
    let configuration: ServerConfiguration

    /// True for the first path segment of a discovery endpoint.
    static func isDiscoveryEndpoint(_ segment: String) -> Bool {
        ["ServiceProviderConfig", "ResourceTypes", "Schemas"].contains { attributeNamesEqual($0, segment) }
    }

    /// The discovery response for `segments`, or nil when the path is not a discovery endpoint.
    func respond(_ segments: [String], first: String, base: String) throws -> Response? {
        if attributeNamesEqual(first, "ServiceProviderConfig"), segments.count == 1 {
            return SCIMResponse.json(serviceProviderConfig(base: base))
        }
        if attributeNamesEqual(first, "ResourceTypes") {
            let all = registry.resourceTypes.map { resourceType($0, base: base) }
            if segments.count == 1 { return SCIMResponse.list(all, total: all.count, startIndex: 1) }
            guard segments.count == 2,
                let index = registry.resourceTypes.firstIndex(where: { attributeNamesEqual($0.id, segments[1]) || attributeNamesEqual($0.name, segments[1]) })
            else { throw SCIMError.notFound("No resource type '\(segments.dropFirst().joined(separator: "/"))'") }
            return SCIMResponse.json(all[index])
        }
        if attributeNamesEqual(first, "Schemas") {
            let all = registry.schemas.map { schema($0, base: base) }
            if segments.count == 1 { return SCIMResponse.list(all, total: all.count, startIndex: 1) }
            guard segments.count == 2, let index = registry.schemas.firstIndex(where: { attributeNamesEqual($0.id, segments[1]) }) else {
                throw SCIMError.notFound("No schema '\(segments.dropFirst().joined(separator: "/"))'")
            }
            return SCIMResponse.json(all[index])
        }
        return nil
    }

    private func serviceProviderConfig(base: String) -> SCIMValue {
        var config = SCIMObject()
        config["schemas"] = [.string(Self.serviceProviderConfigSchema)]
        for entry in registry.serviceProviderConfig { config[entry.key] = entry.value }
        // The payload limit is configured at start-up; advertise the one in force.
        if case .object(var bulk)? = config["bulk"] {
            bulk["maxPayloadSize"] = .integer(configuration.maxBodyBytes)
            config["bulk"] = .object(bulk)
        }
        // RFC 9865 §4: what the pagination limits are here. The page sizes are SearchRequest's
        // default and the filter's maxResults; the cursor lifetime is configured at start-up.
        if case .object(var pagination)? = config["pagination"] {
            pagination["defaultPageSize"] = .integer(SearchRequest.defaultCount)
            if let maxResults = config["filter"]?["maxResults"] { pagination["maxPageSize"] = maxResults }
            pagination["cursorTimeout"] = .integer(configuration.cursorTimeoutSeconds)
            config["pagination"] = .object(pagination)
        }
        // The OAuth scheme's URIs name this deployment's token endpoint (RFC 7643 §5 specUri).
        if case .array(let schemes)? = config["authenticationSchemes"] {
            let tokenEndpoint = OAuthEndpoints(scimBaseURL: base).tokenEndpoint
            config["authenticationSchemes"] = .array(schemes.map { $0.replacingTokenEndpoint(with: tokenEndpoint) })
        }
        config["meta"] = ["resourceType": "ServiceProviderConfig", "location": .string("\(base)/ServiceProviderConfig")]
        return .object(config)
    }

    private func resourceType(_ type: ResourceType, base: String) -> SCIMValue {
        var o = SCIMObject()
        o["schemas"] = [.string(Self.resourceTypeSchema)]
        o["id"] = .string(type.id)
        o["name"] = .string(type.name)
        o["endpoint"] = .string(type.endpoint)
        if let description = type.description { o["description"] = .string(description) }
        o["schema"] = .string(type.schema)
        o["schemaExtensions"] = .array(
            (type.schemaExtensions ?? []).filter(\.advertised).map { ["schema": .string($0.schema), "required": .bool($0.required)] })
        o["meta"] = ["resourceType": "ResourceType", "location": .string("\(base)/ResourceTypes/\(type.id)")]
        return .object(o)
    }

    private func schema(_ schema: Schema, base: String) -> SCIMValue {
        var o = SCIMObject()
        o["schemas"] = [.string(Self.schemaSchema)]
        for entry in registry.schemaDocuments[schema.id.lowercased()]?.objectValue ?? SCIMObject() where entry.key != "schemas" {
            o[entry.key] = entry.value
        }
        o["meta"] = ["resourceType": "Schema", "location": .string("\(base)/Schemas/\(schema.id)")]
        return .object(o)
    }
}
