import SCIM
import Store

/// The project's own User extension (`schemas/ScimdUser.json`): read-only attributes the server
/// computes from group mappings. This is the one place that says what they are; the store is
/// given `computed` as data (see `DerivedAttributes`), so a filter on them and the rendered
/// resource follow the same rule.
enum ScimdExtension {
    static let schemaID = "urn:scimd:params:scim:schemas:extension:2.0:User"

    /// Effective roles and organization come from the user's assignment; an inactive user's
    /// assignment is suspended and grants nothing (requirements §9). The source is who manages the
    /// user (`ResourceRecord.source`): "scim" when provisioned by the identity provider, "local"
    /// when created in scimd (see `LocalUsers`). In this order they render.
    static let computed: [ComputedAttribute] = [
        ComputedAttribute(schema: schemaID, name: "roles", source: .roles, whileSuspended: false),
        ComputedAttribute(schema: schemaID, name: "organization", source: .organization, whileSuspended: false),
        ComputedAttribute(schema: schemaID, name: "source", source: .resourceSource),
    ]

    /// The extension object for a user; unassigned attributes are left out (RFC 7643 §2.5).
    static func attributes(of record: ResourceRecord, tx: any StoreTransaction) async throws -> SCIMObject {
        var object = SCIMObject()
        let assignment = try await tx.assignment(userSeq: record.seq)
        for attribute in computed {
            if let value = attribute.value(of: record, assignment: assignment) { object[attribute.name] = value }
        }
        return object
    }
}
