import Foundation

/// Everything loaded from the `schemas/` directory: the schemas, resource types and service
/// provider configuration that discovery publishes and validation enforces.
public struct SchemaRegistry: Sendable {
    /// The schemas by id, in file order.
    public let schemas: [Schema]
    /// The schema documents as written, for `/Schemas` (keeps every field the file has).
    public let schemaDocuments: [String: SCIMValue]
    public let resourceTypes: [ResourceType]
    /// The `ServiceProviderConfig.json` document as written.
    public let serviceProviderConfig: SCIMObject
    /// Resolved schemas per resource type name.
    public let resources: [String: ResourceSchema]

    /// The `schemas/` files that are not schema definitions.
    static let resourceTypesFile = "ResourceTypes.json"
    static let serviceProviderConfigFile = "ServiceProviderConfig.json"

    /// Loads every `*.json` in `directory`; fails with a sentence naming the bad file.
    public init(directory: URL) throws {
        let fm = FileManager.default
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw SchemaLoadError("cannot read the schema directory \(directory.path): \(error.localizedDescription)")
        }
        var schemas: [Schema] = []
        var documents: [String: SCIMValue] = [:]
        var resourceTypes: [ResourceType]?
        var spc: SCIMObject?
        let decoder = JSONDecoder()
        for name in names {
            let url = directory.appendingPathComponent(name)
            do {
                let data = try Data(contentsOf: url)
                switch name {
                case Self.resourceTypesFile:
                    resourceTypes = try decoder.decode([ResourceType].self, from: data)
                case Self.serviceProviderConfigFile:
                    guard case .object(let object) = try SCIMValue(parsing: [UInt8](data)) else {
                        throw SchemaLoadError("\(name) must hold a JSON object")
                    }
                    spc = object
                default:
                    let schema = try decoder.decode(Schema.self, from: data)
                    schemas.append(schema)
                    documents[schema.id.lowercased()] = try SCIMValue(parsing: [UInt8](data))
                }
            } catch let error as SchemaLoadError {
                throw error
            } catch {
                throw SchemaLoadError("invalid schema file \(url.path): \(error)")
            }
        }
        guard let resourceTypes else { throw SchemaLoadError("\(directory.path) has no \(Self.resourceTypesFile)") }
        guard let spc else { throw SchemaLoadError("\(directory.path) has no \(Self.serviceProviderConfigFile)") }
        try self.init(schemas: schemas, documents: documents, resourceTypes: resourceTypes, serviceProviderConfig: spc)
    }

    /// Builds a registry from decoded parts; fails when a resource type names a missing schema.
    public init(
        schemas: [Schema], documents: [String: SCIMValue], resourceTypes: [ResourceType],
        serviceProviderConfig: SCIMObject
    ) throws {
        self.schemas = schemas
        self.schemaDocuments = documents
        self.resourceTypes = resourceTypes
        self.serviceProviderConfig = serviceProviderConfig
        func find(_ id: String) throws -> Schema {
            guard let s = schemas.first(where: { attributeNamesEqual($0.id, id) }) else {
                throw SchemaLoadError("a resource type names schema \(id), which no schema file defines")
            }
            return s
        }
        var resources: [String: ResourceSchema] = [:]
        for type in resourceTypes {
            let core = try find(type.schema)
            let extensions = try (type.schemaExtensions ?? []).map { (schema: try find($0.schema), required: $0.required) }
            resources[type.name] = ResourceSchema(resourceType: type, core: core, extensions: extensions)
        }
        self.resources = resources
    }

    /// The schema with this id, case-insensitively.
    public func schema(withID id: String) -> Schema? {
        schemas.first { attributeNamesEqual($0.id, id) }
    }

    /// The resolved schemas of the resource type called `name` (e.g. "User").
    public func resource(_ name: String) -> ResourceSchema? { resources[name] }

    /// Looks for `schemas/` next to the working directory, then above the executable
    /// (`.build/release/scimd` in a checkout), then the installed location.
    public static func defaultDirectory(executablePath: String = CommandLine.arguments.first ?? "") -> URL? {
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("schemas")]
        var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("schemas"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "/usr/local/share/scimd/schemas"))
        candidates.append(URL(fileURLWithPath: "/usr/share/scimd/schemas"))
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent(resourceTypesFile).path)
        }
    }
}

/// A schema directory that cannot be loaded; the message says which file and why.
public struct SchemaLoadError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
