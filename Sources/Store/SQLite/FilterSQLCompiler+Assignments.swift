import SCIM

/// The project's User extension (`schemas/ScimdUser.json`) is computed from the `assignments`
/// table, not stored in the body, so its attributes compile to that table: an administrator
/// can ask for every user with a role (`urn:scimd:…:User:roles eq "Admin"`) like any attribute.
extension FilterSQLCompiler {
    static let assignmentExtension = "urn:scimd:params:scim:schemas:extension:2.0:User"

    func isAssignmentAttribute(_ path: AttributePath) -> Bool {
        path.schema.map { attributeNamesEqual($0, Self.assignmentExtension) } ?? false
    }

    /// `organization` and `source`; nil for `roles` (multi-valued, see `assignmentRoles`).
    mutating func assignmentColumn(_ path: AttributePath) throws(SCIMError) -> Operand? {
        guard let resolved = schema.resolve(AttributePath(schema: path.schema, name: path.name)) else {
            throw .invalidFilter("Unknown attribute '\(path.dottedName)' in filter for \(type)")
        }
        // `organization` and `source` are plain strings: a sub-attribute (`source.value`) names
        // nothing, which the in-memory evaluator matches nowhere, so SQL refuses it (fuzzer finding).
        if let sub = path.subAttribute, !resolved.attribute.isComplex {
            throw .invalidFilter("'\(resolved.attribute.name)' is a plain value and has no sub-attribute '\(sub)'")
        }
        switch caseFold(resolved.attribute.name) {
        case "organization":
            // An inactive user's assignment is suspended: it has no organization (requirements §9).
            return Operand(
                sql: "(SELECT a.organization FROM assignments a WHERE a.user_seq = r.seq AND a.suspended = 0)",
                definition: resolved.attribute)
        case "source":
            return Operand(sql: "'scim'", definition: resolved.attribute)
        default:
            return nil
        }
    }

    /// `roles`: the users whose unsuspended assignment holds a matching role.
    mutating func assignmentRoles(_ path: AttributePath) throws(SCIMError) -> Elements? {
        guard attributeNamesEqual(path.name, "roles"),
            let definition = schema.resolve(AttributePath(schema: path.schema, name: path.name))?.attribute
        else { return nil }
        // `roles` is a list of strings (schemas/ScimdUser.json): `roles.value` names nothing, and the
        // in-memory evaluator matches nothing for it, so SQL must not match either (found by the fuzzer).
        if let sub = path.subAttribute {
            throw .invalidFilter("'\(path.name)' holds plain strings and has no sub-attribute '\(sub)'")
        }
        let t = bind(.integer(tenantID))
        return .relation(
            select: """
                SELECT a.user_seq FROM assignments a, json_each(a.roles) AS j
                WHERE a.tenant_id = \(t) AND a.suspended = 0
                """,
            columns: ["value": Operand(sql: "json_extract(j.value, '$.role')", definition: definition)])
    }
}
