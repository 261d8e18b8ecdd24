import SCIM
import Store

/// The project's own User extension (`schemas/ScimdUser.json`): read-only attributes the server
/// computes — effective roles and organization from group mappings, source and scope.
enum ScimdExtension {
    static let schemaID = "urn:scimd:params:scim:schemas:extension:2.0:User"

    /// The extension object for a user; unassigned attributes are left out (RFC 7643 §2.5).
    static func attributes(of record: ResourceRecord, tx: any StoreTransaction) async throws -> SCIMObject {
        var object = SCIMObject()
        // An inactive user's assignments are kept but grant nothing (requirements §9).
        if let assignment = try await tx.assignment(userSeq: record.seq), !assignment.suspended {
            if !assignment.roles.isEmpty { object["roles"] = .array(assignment.roles.map { .string($0.role) }) }
            if let organization = assignment.organization { object["organization"] = .string(organization) }
        }
        object["source"] = "scim"
        return object
    }
}
