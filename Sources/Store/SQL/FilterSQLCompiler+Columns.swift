import Foundation
import SCIM

/// Where each attribute a filter names lives: an indexed column, a membership relation, a
/// derived attribute, or JSON in the body.
extension FilterSQLCompiler {
    func jsonPath(_ resolved: ResolvedAttribute) -> String {
        schema.isExtension(resolved.schema.id)
            ? "$.\"\(resolved.schema.id)\".\"\(resolved.attribute.name)\""
            : "$.\"\(resolved.attribute.name)\""
    }

    func isCore(_ path: AttributePath) -> Bool {
        path.schema.map { attributeNamesEqual($0, schema.core.id) } ?? true
    }

    /// Common attributes and indexed columns kept outside the JSON body.
    mutating func column(_ path: AttributePath) throws(QueryError) -> Operand? {
        if isAssignmentAttribute(path) { return try assignmentColumn(path) }
        guard isCore(path) else { return nil }
        let name = path.name
        let exact = { (n: String) in AttributeDefinition(name: n, type: .string, caseExact: true) }
        if attributeNamesEqual(name, "id"), path.subAttribute == nil {
            return Operand(sql: "r.id", definition: exact("id"), indexed: true)
        }
        if attributeNamesEqual(name, "externalId"), path.subAttribute == nil {
            return Operand(sql: "r.external_id", definition: exact("externalId"), indexed: true)
        }
        if attributeNamesEqual(name, "meta") {
            switch path.subAttribute.map(caseFold) {
            case "lastmodified":
                return Operand(
                    sql: "r.modified_ms", definition: AttributeDefinition(name: "lastModified", type: .dateTime),
                    epochMilliseconds: true)
            case "created":
                return Operand(
                    sql: "r.created_ms", definition: AttributeDefinition(name: "created", type: .dateTime),
                    epochMilliseconds: true)
            case "resourcetype":
                return Operand(sql: bind(.text(type)), definition: exact("resourceType"))
            case "version":
                return Operand(sql: "('W/\"' || r.version || '\"')", definition: exact("version"))
            default:
                throw .invalidFilter("Unknown attribute '\(path.dottedName)' in filter")
            }
        }
        guard path.subAttribute == nil, let definition = schema.core.attribute(named: name), !definition.multiValued,
            !definition.caseExact
        else { return nil }
        if type == "User", attributeNamesEqual(name, "userName") {
            return Operand(sql: "r.name_key", definition: definition, prefolded: true, indexed: true)
        }
        if attributeNamesEqual(name, "displayName") {
            return Operand(sql: "r.display_key", definition: definition, prefolded: true, indexed: true)
        }
        return nil
    }

    /// The element source of a multi-valued attribute, or nil for a single-valued one.
    mutating func elements(of path: AttributePath, useIndex: Bool) throws(QueryError) -> Elements? {
        if isAssignmentAttribute(path), let roles = try assignmentRoles(path) { return roles }
        guard isCore(path) || schema.resolve(AttributePath(schema: path.schema, name: path.name)) != nil else {
            throw .invalidFilter("Unknown attribute '\(path.dottedName)' in filter for \(type)")
        }
        let exact = { (n: String) in AttributeDefinition(name: n, type: .string, caseExact: true) }
        if isCore(path), let memberships = derived.memberships, type == memberships.groupType,
            attributeNamesEqual(path.name, memberships.members)
        {
            let t = bind(.integer(tenantID))
            var memberTypes: [String] = []
            for memberType in memberships.memberTypes { memberTypes.append(bind(.text(memberType))) }
            return .relation(
                select: """
                    SELECT gm.group_seq FROM group_members gm JOIN resources m ON m.seq = gm.member_seq
                    WHERE m.tenant_id = \(t) AND m.type IN (\(memberTypes.joined(separator: ", ")))
                    """,
                columns: [
                    "value": Operand(sql: "m.id", definition: exact("value")),
                    // `type` holds canonical values ("User", "Group") compared case-insensitively,
                    // as the PATCH engine's value filters compare them (schemas/Group.json).
                    "type": Operand(sql: "m.type", definition: AttributeDefinition(name: "type", type: .string)),
                    // `display` is what a member renders as: the displayName, else the userName.
                    "display": Operand(
                        sql: "coalesce(m.display_key, m.name_key)", definition: AttributeDefinition(name: "display", type: .string),
                        prefolded: true),
                ])
        }
        if isCore(path), attributeNamesEqual(path.name, "schemas"), path.subAttribute == nil {
            // RFC 7644 §3.4.2.2 filters on `schemas` ("schemas eq \"urn:…:enterprise:2.0:User\"");
            // the stored body lists the core URN and each extension it holds.
            return .json(path: "$.schemas", definition: CommonAttributes.schemas)
        }
        if isCore(path), let memberships = derived.memberships, type == memberships.memberType,
            attributeNamesEqual(path.name, memberships.groups)
        {
            let t = bind(.integer(tenantID))
            let groupType = bind(.text(memberships.groupType))
            return .relation(
                select: """
                    SELECT gm.member_seq FROM group_members gm JOIN resources g ON g.seq = gm.group_seq
                    WHERE g.tenant_id = \(t) AND g.type = \(groupType)
                    """,
                columns: [
                    "value": Operand(sql: "g.id", definition: exact("value")),
                    "display": Operand(
                        sql: "g.display_key", definition: AttributeDefinition(name: "display", type: .string), prefolded: true),
                ])
        }
        guard let resolved = schema.resolve(AttributePath(schema: path.schema, name: path.name)),
            resolved.attribute.multiValued
        else { return nil }
        let attr = resolved.attribute
        let indexedKey = "\(attr.name).value"
        if !schema.isExtension(resolved.schema.id), IndexKeys.indexedMultiValued[type]?.contains(indexedKey) == true,
            let valueDef = attr.subAttribute(named: "value"), !valueDef.caseExact,
            path.subAttribute.map({ attributeNamesEqual($0, "value") }) ?? true
        {
            // Only `value` is indexed; a value filter may name other sub-attributes, so it reads the JSON.
            if useIndex {
                let t = bind(.integer(tenantID))
                let a = bind(.text(indexedKey))
                return .relation(
                    select: "SELECT v.resource_seq FROM resource_values v WHERE v.tenant_id = \(t) AND v.attribute = \(a)",
                    columns: ["value": Operand(sql: "v.value_key", definition: valueDef, prefolded: true, indexed: true)])
            }
        }
        return .json(path: jsonPath(resolved), definition: attr)
    }
}
