import Foundation
import SCIM

/// The schemas from the repository's `schemas/`, as the server loads them.
enum Schemas {
    /// `<repo>/schemas`, found from this file: Fuzz/Sources/ScimdFuzz/<file> is four levels below the root.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("schemas")

    static let registry: SchemaRegistry = {
        do {
            return try SchemaRegistry(directory: directory)
        } catch {
            // The schema files are part of the checkout; without them no target can run.
            fatalError("cannot load \(directory.path): \(error)")
        }
    }()

    static let user = resource("User")
    static let group = resource("Group")

    private static func resource(_ name: String) -> ResourceSchema {
        guard let schema = registry.resource(name) else { fatalError("schemas/ResourceTypes.json has no \(name)") }
        return schema
    }

    static let coreUser = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let coreGroup = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    /// The project's own extension (schemas/ScimdUser.json), computed from the assignments table.
    static let scimd = "urn:scimd:params:scim:schemas:extension:2.0:User"
}
