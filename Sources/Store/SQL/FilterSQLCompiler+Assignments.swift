import SCIM

/// Computed extension attributes (`DerivedAttributes.computed`) are read from the `assignments`
/// table (or, for the source, the resource's own `source` column), not the body, so they compile
/// to those: an administrator can ask for every user
/// with a role (`<extension URN>:roles eq "Admin"`) like any attribute.
extension FilterSQLCompiler {
    func isAssignmentAttribute(_ path: AttributePath) -> Bool {
        derived.isComputedSchema(path)
    }

    /// A computed single value (an organization, a constant); nil for a list (see `assignmentRoles`).
    mutating func assignmentColumn(_ path: AttributePath) throws(QueryError) -> Operand? {
        guard let resolved = schema.resolve(AttributePath(schema: path.schema, name: path.name)) else {
            throw .invalidFilter("Unknown attribute '\(path.dottedName)' in filter for \(type)")
        }
        // The computed attributes are plain strings: a sub-attribute (`source.value`) names
        // nothing, which the in-memory evaluator matches nowhere, so SQL refuses it (fuzzer finding).
        if let sub = path.subAttribute, !resolved.attribute.isComplex {
            throw .invalidFilter("'\(resolved.attribute.name)' is a plain value and has no sub-attribute '\(sub)'")
        }
        guard let computed = derived.computed(path) else { return nil }
        switch computed.source {
        case .organization:
            return Operand(
                sql: "(SELECT a.organization FROM assignments a WHERE a.user_seq = r.seq\(unsuspended(computed)))",
                definition: resolved.attribute)
        case .constant(let text):
            return Operand(sql: bind(.text(text)), definition: resolved.attribute)
        case .resourceSource:
            // Kept on the resource row itself (requirements §9), so `source eq "local"` reads that column.
            return Operand(sql: "r.source", definition: resolved.attribute)
        case .roles:
            return nil
        }
    }

    /// A computed list of roles: the users whose assignment holds a matching role.
    mutating func assignmentRoles(_ path: AttributePath) throws(QueryError) -> Elements? {
        guard let computed = derived.computed(path), computed.source == .roles,
            let definition = schema.resolve(AttributePath(schema: path.schema, name: path.name))?.attribute
        else { return nil }
        // A list of strings: `roles.value` names nothing, and the in-memory evaluator matches
        // nothing for it, so SQL must not match either (found by the fuzzer).
        if let sub = path.subAttribute {
            throw .invalidFilter("'\(path.name)' holds plain strings and has no sub-attribute '\(sub)'")
        }
        let t = bind(.integer(tenantID))
        return .relation(
            select: """
                SELECT a.user_seq FROM assignments a, \(dialect.jsonElements("a.roles", as: "j"))
                WHERE a.tenant_id = \(t)\(unsuspended(computed))
                """,
            columns: ["value": Operand(sql: dialect.jsonText("j.value", path: "$.role"), definition: definition)])
    }

    /// The condition that leaves out suspended assignments, when they supply no value.
    private func unsuspended(_ computed: ComputedAttribute) -> String {
        computed.whileSuspended ? "" : " AND a.suspended = 0"
    }
}
