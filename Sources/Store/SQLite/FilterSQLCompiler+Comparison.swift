import SCIM

extension FilterSQLCompiler {
    /// `operand op value`, folded for case-insensitive attributes (RFC 7644 §3.4.2.2).
    mutating func comparison(_ operand: Operand, _ op: ComparisonOperator, _ value: ComparisonValue) throws(SCIMError)
        -> String
    {
        let definition = operand.definition
        let lhs = operand.sql
        if case .null = value {
            guard op == .eq else { throw .invalidFilter("Only 'eq' and 'ne' may compare with null") }
            return "(\(lhs) IS NULL)"
        }
        switch definition.type {
        case .string, .reference, .binary:
            guard case .string(let raw) = value else {
                throw .invalidFilter("'\(definition.name)' is a string; compare it with a quoted string")
            }
            return stringComparison(operand, op, raw)
        case .boolean:
            let flag: Bool
            switch value {
            case .bool(let b): flag = b
            case .string(let s) where lenientBoolean(s) != nil: flag = lenientBoolean(s) ?? false
            default: throw .invalidFilter("'\(definition.name)' is a boolean; compare it with true or false")
            }
            guard op == .eq else { throw .invalidFilter("Boolean '\(definition.name)' supports only 'eq', 'ne' and 'pr'") }
            return "(\(lhs) = \(bind(.integer(flag ? 1 : 0))))"
        case .integer, .decimal:
            let number: SQLValue
            switch value {
            case .integer(let i): number = .integer(Int64(i))
            case .decimal(let d): number = .real(d)
            default: throw .invalidFilter("'\(definition.name)' is a number; compare it with a number")
            }
            guard let sqlOp = Self.ordering[op] else {
                throw .invalidFilter("'\(op.rawValue)' does not apply to number '\(definition.name)'")
            }
            return "(\(lhs) \(sqlOp) \(bind(number)))"
        case .dateTime:
            guard case .string(let text) = value else {
                throw .invalidFilter("'\(definition.name)' is a dateTime; compare it with a quoted timestamp")
            }
            guard operand.epochMilliseconds else { return stringComparison(operand, op, text) }
            guard let ms = SCIMDateTime.parse(text) else {
                throw .invalidFilter("'\(text)' is not a valid dateTime (expected e.g. 2026-01-31T12:00:00Z)")
            }
            guard let sqlOp = Self.ordering[op] else {
                throw .invalidFilter("'\(op.rawValue)' does not apply to dateTime '\(definition.name)'")
            }
            return "(\(lhs) \(sqlOp) \(bind(.integer(ms))))"
        case .complex:
            throw .invalidFilter("Filter on complex attribute '\(definition.name)' needs a sub-attribute")
        }
    }

    private static let ordering: [ComparisonOperator: String] = [.eq: "=", .gt: ">", .ge: ">=", .lt: "<", .le: "<="]

    private mutating func stringComparison(_ operand: Operand, _ op: ComparisonOperator, _ raw: String) -> String {
        var lhs = operand.sql
        var text = raw
        if !operand.definition.caseExact {
            text = caseFold(raw)
            if !operand.prefolded { lhs = "scim_fold(\(lhs))" }
        }
        let length = text.unicodeScalars.count
        switch op {
        case .eq, .ne: return "(\(lhs) = \(bind(.text(text))))"
        case .co: return "(instr(\(lhs), \(bind(.text(text)))) > 0)"
        case .sw:
            if length == 0 { return "(\(lhs) IS NOT NULL)" }
            if operand.prefolded {
                // A range keeps an index usable; U+10FFFF sorts after every valid continuation.
                return "(\(lhs) >= \(bind(.text(text))) AND \(lhs) < \(bind(.text(text + "\u{10FFFF}"))))"
            }
            return "(substr(\(lhs), 1, \(length)) = \(bind(.text(text))))"
        case .ew:
            if length == 0 { return "(\(lhs) IS NOT NULL)" }
            return "(substr(\(lhs), -\(length)) = \(bind(.text(text))))"
        case .gt: return "(\(lhs) > \(bind(.text(text))))"
        case .ge: return "(\(lhs) >= \(bind(.text(text))))"
        case .lt: return "(\(lhs) < \(bind(.text(text))))"
        case .le: return "(\(lhs) <= \(bind(.text(text))))"
        }
    }

    /// `pr`: assigned and not empty (RFC 7644 §3.4.2.2).
    func present(_ operand: Operand) -> String {
        // The operand's SQL may hold a bound parameter (a JSON path), so it must appear exactly once:
        // repeating it would shift every later argument by one.
        switch operand.definition.type {
        case .string, .reference, .binary: return "(coalesce(\(operand.sql), '') <> '')"
        default: return "(\(operand.sql) IS NOT NULL)"
        }
    }

    /// The ORDER BY expression for `sortBy` (RFC 7644 §3.4.2.3); a multi-valued attribute sorts
    /// by its primary (else first) value.
    mutating func sortExpression(_ path: AttributePath) throws(SCIMError) -> String {
        let isCore = path.schema.map { attributeNamesEqual($0, schema.core.id) } ?? true
        if isCore {
            if attributeNamesEqual(path.name, "id") { return "r.id" }
            if attributeNamesEqual(path.name, "externalId") { return "r.external_id" }
            if attributeNamesEqual(path.name, "meta") {
                switch path.subAttribute.map(caseFold) {
                case "created": return "r.created_ms"
                case "lastmodified": return "r.modified_ms"
                case "version": return "r.version"
                // Every resource of a query has the same type, and its location follows from its id.
                case "resourcetype": return "r.type"
                case "location": return "r.id"
                default:
                    throw .invalidValue("Cannot sort by '\(path.dottedName)'; meta sorts by created, lastModified, version, resourceType or location")
                }
            }
            if type == "User", attributeNamesEqual(path.name, "userName"), path.subAttribute == nil { return "r.name_key" }
            // Memberships are rows, not part of the stored body; sorting by them would sort by nothing.
            if attributeNamesEqual(path.name, type == "Group" ? "members" : "groups") {
                throw .invalidValue("Cannot sort by '\(path.dottedName)': \(path.name) is not sortable")
            }
        }
        if isAssignmentAttribute(path) {
            // Computed from the assignments table, not stored in the body.
            throw .invalidValue("Cannot sort by '\(path.dottedName)': computed attributes are not sortable")
        }
        guard let resolved = schema.resolve(path) else {
            throw .invalidValue("Cannot sort by unknown attribute '\(path.dottedName)'")
        }
        let attr = resolved.attribute
        var base = schema.isExtension(resolved.schema.id) ? "$.\"\(resolved.schema.id)\".\"\(attr.name)\"" : "$.\"\(attr.name)\""
        var leaf = resolved.leaf
        let expression: String
        if attr.multiValued {
            let sub = resolved.subAttribute ?? attr.subAttribute(named: "value")
            leaf = sub ?? attr
            let element = sub.map { "json_extract(e.value, '$.\"\($0.name)\"')" } ?? "e.value"
            let p = bind(.text(base))
            expression =
                "(SELECT \(element) FROM json_each(r.body, \(p)) AS e ORDER BY coalesce(json_extract(e.value, '$.primary'), 0) DESC, e.key LIMIT 1)"
        } else {
            if attr.isComplex {
                guard let sub = resolved.subAttribute else {
                    throw .invalidValue("Cannot sort by complex attribute '\(attr.name)'; name a sub-attribute")
                }
                base += ".\"\(sub.name)\""
            }
            expression = "json_extract(r.body, \(bind(.text(base))))"
        }
        return leaf.caseExact || leaf.type != .string ? expression : "scim_fold(\(expression))"
    }
}
