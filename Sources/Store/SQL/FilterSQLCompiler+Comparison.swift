import SCIM

extension FilterSQLCompiler {
    /// `operand op value`, folded for case-insensitive attributes (RFC 7644 §3.4.2.2). Whether the
    /// literal suits the operand is SCIM's one type check (`CheckedComparison`); its refusal is the
    /// client's invalidFilter.
    mutating func comparison(_ operand: Operand, _ op: ComparisonOperator, _ value: ComparisonValue) throws(QueryError)
        -> String
    {
        let lhs = operand.sql
        do throws(FilterTypeError) {
            let checked = try CheckedComparison(operand.definition, op, value)
            switch checked.literal {
            case .null:
                // `eq null` at the top level is the absence test in `compileTerm`; here, inside a value filter.
                guard op == .eq else { throw FilterTypeError.nullNeedsEquality }
                return "(\(lhs) IS NULL)"
            case .text(let text):
                return stringComparison(operand, op, text)
            case .boolean(let flag):
                return "(\(lhs) = \(bind(.integer(flag ? 1 : 0))))"
            case .integer(let i):
                return "(\(lhs) \(try Self.sqlOperator(op, operand.definition)) \(bind(.integer(Int64(i)))))"
            case .decimal(let d):
                return "(\(lhs) \(try Self.sqlOperator(op, operand.definition)) \(bind(.real(d))))"
            case .dateTime(let text, _):
                // A dateTime in the body is compared as the text it was stored as; the meta
                // timestamps are columns of epoch milliseconds, compared as instants.
                guard operand.epochMilliseconds else { return stringComparison(operand, op, text) }
                let ms = try checked.instant(for: operand.definition)
                return "(\(lhs) \(try Self.sqlOperator(op, operand.definition)) \(bind(.integer(ms))))"
            }
        } catch {
            throw .invalidFilter(error.message)
        }
    }

    /// The SQL for an ordering or equality operator. `ne` never reaches here (the compiler writes it
    /// as `NOT eq`, RFC 7644 §3.4.2.2), and `CheckedComparison` refuses substring operators on
    /// numbers and instants before they do.
    private static func sqlOperator(_ op: ComparisonOperator, _ definition: AttributeDefinition) throws(FilterTypeError)
        -> String
    {
        switch op {
        case .eq: return "="
        case .ne: return "<>"
        case .gt: return ">"
        case .ge: return ">="
        case .lt: return "<"
        case .le: return "<="
        case .co, .sw, .ew: throw .numberOperator(op, attribute: definition.name)
        }
    }

    private mutating func stringComparison(_ operand: Operand, _ op: ComparisonOperator, _ raw: String) -> String {
        var lhs = operand.sql
        var text = raw
        if !operand.definition.caseExact {
            text = caseFold(raw)
            if !operand.prefolded { lhs = dialect.fold(lhs) }
        }
        let length = text.unicodeScalars.count
        // Order comparisons and `sw` ranges compare bytes (code points), as SQLite's BINARY does.
        let ordered = dialect.binaryOrder(lhs)
        switch op {
        case .eq, .ne: return "(\(lhs) = \(bind(.text(text))))"
        case .co: return "(\(dialect.position(of: bind(.text(text)), in: lhs)) > 0)"
        case .sw:
            if length == 0 { return "(\(lhs) IS NOT NULL)" }
            if operand.indexed {
                // An index range instead of substr(), which reads every row of the tenant. It is
                // exact, not a superset: see `prefixUpperBound`.
                let lower = "\(ordered) >= \(bind(.text(text)))"
                guard let upper = Self.prefixUpperBound(text) else { return "(\(lower))" }
                return "(\(lower) AND \(ordered) < \(bind(.text(upper))))"
            }
            return "(substr(\(lhs), 1, \(length)) = \(bind(.text(text))))"
        case .ew:
            if length == 0 { return "(\(lhs) IS NOT NULL)" }
            return "(\(dialect.suffix(lhs, length: length)) = \(bind(.text(text))))"
        case .gt: return "(\(ordered) > \(bind(.text(text))))"
        case .ge: return "(\(ordered) >= \(bind(.text(text))))"
        case .lt: return "(\(ordered) < \(bind(.text(text))))"
        case .le: return "(\(ordered) <= \(bind(.text(text))))"
        }
    }

    /// The least string above every string that starts with `prefix`, or nil when there is none
    /// (the prefix is all U+10FFFF). SQLite compares text with BINARY collation, memcmp of UTF-8,
    /// which is code-point order; so with p = a·c·z, z a run of U+10FFFF, and the bound a·(c+1),
    /// `col >= p AND col < bound` holds exactly for the values starting with p: a value in the range
    /// starts with a, continues with c (nothing lies between c and c+1), then cannot be below z.
    /// substr() counts code points too, so the range selects what `substr(col, 1, n) = p` did.
    static func prefixUpperBound(_ prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            // Surrogate code points are not scalars and never occur in stored text.
            if next == 0xD800 { next = 0xE000 }
            if let scalar = Unicode.Scalar(next) {
                scalars.append(scalar)
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars)
                return String(view)
            }
        }
        return nil
    }

    /// `pr`: assigned and not empty (RFC 7644 §3.4.2.2).
    func present(_ operand: Operand) -> String {
        // On an indexed text column, `> ''` is the same test (NULL and '' fail it, any other text
        // passes) written as a range SQLite can seek.
        if operand.indexed { return "(\(operand.sql) > '')" }
        switch operand.definition.type {
        case .string, .reference, .binary: return "(coalesce(\(operand.sql), '') <> '')"
        default: return "(\(operand.sql) IS NOT NULL)"
        }
    }

    /// The ORDER BY expression for `sortBy` (RFC 7644 §3.4.2.3); a multi-valued attribute sorts
    /// by its primary (else first) value.
    mutating func sortExpression(_ path: AttributePath) throws(QueryError) -> String {
        let isCore = path.schema.map { attributeNamesEqual($0, schema.core.id) } ?? true
        if isCore {
            if attributeNamesEqual(path.name, "id") { return dialect.binaryOrder("r.id") }
            if attributeNamesEqual(path.name, "externalId") { return dialect.binaryOrder("r.external_id") }
            if attributeNamesEqual(path.name, "meta") {
                switch path.subAttribute.map(caseFold) {
                case "created": return "r.created_ms"
                case "lastmodified": return "r.modified_ms"
                case "version": return "r.version"
                // Every resource of a query has the same type, and its location follows from its id.
                case "resourcetype": return dialect.binaryOrder("r.type")
                case "location": return dialect.binaryOrder("r.id")
                default:
                    throw .invalidSort("Cannot sort by '\(path.dottedName)'; meta sorts by created, lastModified, version, resourceType or location")
                }
            }
            if type == "User", attributeNamesEqual(path.name, "userName"), path.subAttribute == nil { return dialect.binaryOrder("r.name_key") }
            // Memberships are rows, not part of the stored body; sorting by them would sort by nothing.
            if let membership = membershipAttribute, attributeNamesEqual(path.name, membership) {
                throw .invalidSort("Cannot sort by '\(path.dottedName)': \(path.name) is not sortable")
            }
        }
        if isAssignmentAttribute(path) {
            // Computed from the assignments table, not stored in the body.
            throw .invalidSort("Cannot sort by '\(path.dottedName)': computed attributes are not sortable")
        }
        guard let resolved = schema.resolve(path) else {
            throw .invalidSort("Cannot sort by unknown attribute '\(path.dottedName)'")
        }
        let attr = resolved.attribute
        var base = schema.isExtension(resolved.schema.id) ? "$.\"\(resolved.schema.id)\".\"\(attr.name)\"" : "$.\"\(attr.name)\""
        var leaf = resolved.leaf
        let expression: String
        if attr.multiValued {
            let sub = resolved.subAttribute ?? attr.subAttribute(named: "value")
            leaf = sub ?? attr
            let element =
                sub.map { dialect.jsonValue("e.value", path: "$.\"\($0.name)\"", as: .init($0.type)) }
                ?? dialect.jsonElement("e.value", as: .init(attr.type))
            let elements = dialect.jsonElements("r.body", pathParameter: bindPath(base), as: "e")
            let primary = dialect.jsonValue("e.value", path: "$.primary", as: .boolean)
            expression = "(SELECT \(element) FROM \(elements) ORDER BY coalesce(\(primary), 0) DESC, e.key LIMIT 1)"
        } else {
            if attr.isComplex {
                guard let sub = resolved.subAttribute else {
                    throw .invalidSort("Cannot sort by complex attribute '\(attr.name)'; name a sub-attribute")
                }
                base += ".\"\(sub.name)\""
            }
            expression = dialect.jsonValue("r.body", pathParameter: bindPath(base), as: .init(leaf.type))
        }
        // Text sorts by code point in either database (SQLite's BINARY collation).
        guard SQLDialect.JSONScalar(leaf.type) == .text else { return expression }
        return dialect.binaryOrder(leaf.caseExact || leaf.type != .string ? expression : dialect.fold(expression))
    }
}
