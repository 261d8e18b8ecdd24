import Foundation
import SCIM

/// Translates a SCIM filter into a parameterised SQL condition over `resources r`.
///
/// Indexed attributes (id, externalId, userName, displayName, emails.value, meta timestamps)
/// and the ones kept outside the body (memberships and computed attributes, `DerivedAttributes`)
/// map to columns or tables; every other attribute is read from the JSON body inside the
/// database (`json_extract` in SQLite, `#>>` in PostgreSQL: `dialect`). No filter is ever
/// evaluated by loading rows.
struct FilterSQLCompiler {
    let tenantID: Int64
    let type: String
    let schema: ResourceSchema
    /// What is kept outside the body: computed attributes and memberships.
    let derived: DerivedAttributes
    /// How the database spells JSON access, folding, positions and suffixes.
    let dialect: SQLDialect
    private(set) var arguments: [SQLValue] = []

    init(tenantID: Int64, type: String, schema: ResourceSchema, derived: DerivedAttributes, dialect: SQLDialect) {
        self.tenantID = tenantID
        self.type = type
        self.schema = schema
        self.derived = derived
        self.dialect = dialect
    }

    /// The attribute this type lists memberships under (members of a group, groups of a user), if any.
    var membershipAttribute: String? { derived.memberships?.attribute(of: type) }

    /// A scalar SQL expression and the definition that says how to compare it.
    struct Operand {
        var sql: String
        var definition: AttributeDefinition
        /// The column already holds folded text: compare with a folded operand, without folding it in SQL.
        var prefolded = false
        /// A timestamp column holding epoch milliseconds.
        var epochMilliseconds = false
        /// A plain column that leads an index after the tenant and type (or the attribute of
        /// `resource_values`): `sw` and `pr` are written as ranges on it, which SQLite seeks.
        var indexed = false
    }

    /// Where the elements of a multi-valued attribute come from.
    enum Elements {
        /// A JSON array in the body: `dialect.jsonElements(r.body, path)`.
        case json(path: String, definition: AttributeDefinition)
        /// An index table or join, as `r.seq IN (SELECT …)`; the operand columns it offers.
        case relation(select: String, columns: [String: Operand])
    }

    /// Appends a value to `arguments` and returns its numbered parameter (`?1`, `?2`, …), which
    /// the SQL may use as often as it likes: repeating an expression binds nothing twice.
    mutating func bind(_ value: SQLValue) -> String {
        arguments.append(value)
        return "?\(arguments.count)"
    }

    /// Binds a JSON path (`$."name"`) as the dialect takes it and returns its parameter.
    mutating func bindPath(_ path: String) -> String {
        bind(.text(dialect.pathArgument(path)))
    }

    /// `NOT condition`, where a NULL condition (an absent value) counts as false. `FALSE` rather
    /// than 0: PostgreSQL's conditions are booleans, not integers.
    static func not(_ condition: String) -> String {
        "(NOT coalesce(\(condition), FALSE))"
    }

    // MARK: Filters

    /// Chains longer than this are split into parenthesised groups, which keeps SQLite's expression
    /// tree below its depth limit (1,000 in 3.40) for the longest filter the parser accepts.
    static let chainGroupSize = 100

    /// Compiles a filter into a condition; its values are appended to `arguments`.
    mutating func compile(_ filter: Filter) throws(QueryError) -> String {
        try compile(filter.flattened, scope: nil)
    }

    /// Compiles a flattened filter: at the top level (`scope` nil) or inside a value filter, whose
    /// paths are the sub-attributes in `scope`.
    private mutating func compile(_ node: FlatFilter, scope: [String: Operand]?) throws(QueryError) -> String {
        switch node {
        case .term(let filter, let negated):
            let sql: String
            if let scope { sql = try compileInnerTerm(filter, scope: scope) } else { sql = try compileTerm(filter) }
            // RFC 7644 §3.4.2.2 `not`: true unless the expression holds; SQL NULL (an absent value) counts as false.
            return negated ? Self.not(sql) : sql
        case .all(let members):
            return try chain(members, joinedBy: "AND", scope: scope)
        case .any(let members):
            return try chain(members, joinedBy: "OR", scope: scope)
        }
    }

    /// `(a AND b AND c)`, deepest member first. SQLite's parser (a LALR parser with a 100-entry
    /// stack in 3.40) holds every operand to the left of an open group, so a group written first
    /// costs one stack entry per level instead of three: 50 levels of alternating `and`/`or`
    /// compile, where written in order 31 did. AND and OR commute, so the meaning is the same.
    private mutating func chain(_ members: [FlatFilter], joinedBy op: String, scope: [String: Operand]?) throws(QueryError)
        -> String
    {
        let ordered = members.enumerated()
            .map { (offset: $0.offset, depth: $0.element.depth, member: $0.element) }
            .sorted { $0.depth != $1.depth ? $0.depth > $1.depth : $0.offset < $1.offset }
        var parts: [String] = []
        parts.reserveCapacity(ordered.count)
        for entry in ordered { parts.append(try compile(entry.member, scope: scope)) }
        guard parts.count > Self.chainGroupSize else { return "(" + parts.joined(separator: " \(op) ") + ")" }
        let groups = stride(from: 0, to: parts.count, by: Self.chainGroupSize).map { start in
            "(" + parts[start..<min(start + Self.chainGroupSize, parts.count)].joined(separator: " \(op) ") + ")"
        }
        return "(" + groups.joined(separator: " \(op) ") + ")"
    }

    /// One comparison, `pr` or value-path filter at the top level.
    private mutating func compileTerm(_ filter: Filter) throws(QueryError) -> String {
        switch filter {
        case .and, .or, .not:
            return try compile(filter)
        case .compare(let path, .ne, let value):
            // RFC 7644 §3.4.2.2 "ne": true unless some value equals, so absent attributes match too.
            return Self.not(try compileTerm(.compare(path, .eq, value)))
        case .compare(let path, .eq, .null):
            // RFC 7643 §2.5: unassigned, null and [] are one state, so "eq null" holds when no value
            // is assigned; for a multi-valued attribute, when no element has one (not when one lacks it).
            let assigned = try condition(path) { (_: inout FilterSQLCompiler, operand: Operand) throws(QueryError) in
                "(\(operand.sql) IS NOT NULL)"
            }
            return Self.not(assigned)
        case .compare(let path, let op, let value):
            return try condition(path) { (c: inout FilterSQLCompiler, operand: Operand) throws(QueryError) in
                try c.comparison(operand, op, value)
            }
        case .present(let path):
            if let node = try presentNode(path) { return node }
            return try condition(path) { (c: inout FilterSQLCompiler, operand: Operand) throws(QueryError) in
                c.present(operand)
            }
        case .valuePath(let path, let inner):
            guard let elements = try elements(of: path, useIndex: false) else {
                throw .invalidFilter("'\(path.name)' is not a multi-valued attribute; value filters need one")
            }
            return try exists(elements) { (c: inout FilterSQLCompiler, scope: [String: Operand]) throws(QueryError) in
                try c.compile(inner.flattened, scope: scope)
            }
        }
    }

    /// `pr` on a complex attribute named without a sub-attribute: RFC 7644 §3.4.2.2 asks for "a
    /// non-empty node", so an element without `value` (`{"type":"work"}`) counts; nil for other paths.
    private mutating func presentNode(_ path: AttributePath) throws(QueryError) -> String? {
        guard path.subAttribute == nil, let resolved = schema.resolve(path), resolved.attribute.isComplex else { return nil }
        if resolved.attribute.multiValued {
            // Memberships live in a table, where every row is a non-empty node: `condition` handles them.
            if isCore(path), let membership = membershipAttribute, attributeNamesEqual(path.name, membership) { return nil }
            let elements = dialect.jsonElements("r.body", pathParameter: bindPath(jsonPath(resolved)), as: "e")
            return "EXISTS (SELECT 1 FROM \(elements) WHERE \(dialect.jsonElement("e.value")) NOT IN ('{}', '[]', ''))"
        }
        let value = dialect.jsonValue("r.body", pathParameter: bindPath(jsonPath(resolved)))
        return "(coalesce(\(value), '{}') NOT IN ('{}', '[]'))"
    }

    /// One comparison or `pr` inside a value filter, whose paths are sub-attributes.
    private mutating func compileInnerTerm(_ filter: Filter, scope: [String: Operand]) throws(QueryError) -> String {
        func operand(_ path: AttributePath) throws(QueryError) -> Operand {
            guard path.subAttribute == nil, let o = scope[caseFold(path.name)] else {
                throw .invalidFilter("Unknown sub-attribute '\(path.dottedName)' in value filter")
            }
            return o
        }
        switch filter {
        case .and, .or, .not:
            return try compile(filter.flattened, scope: scope)
        case .compare(let path, .ne, let value):
            return Self.not(try compileInnerTerm(.compare(path, .eq, value), scope: scope))
        case .compare(let path, let op, let value): return try comparison(try operand(path), op, value)
        case .present(let path): return present(try operand(path))
        case .valuePath:
            throw .invalidFilter("Value filters cannot be nested")
        }
    }

    /// Builds the condition for a top-level path: directly for a single value, as an EXISTS or
    /// IN over the elements of a multi-valued attribute.
    private mutating func condition(
        _ path: AttributePath, _ build: (inout FilterSQLCompiler, Operand) throws(QueryError) -> String
    ) throws(QueryError) -> String {
        if let column = try column(path) { return try build(&self, column) }
        if let elements = try elements(of: path, useIndex: true) {
            let sub = caseFold(path.subAttribute ?? "value")
            return try exists(elements) { (c: inout FilterSQLCompiler, scope: [String: Operand]) throws(QueryError) in
                guard let operand = scope[sub] else {
                    throw .invalidFilter("Unknown attribute '\(path.dottedName)' in filter for \(c.type)")
                }
                return try build(&c, operand)
            }
        }
        guard let resolved = schema.resolve(path) else {
            throw .invalidFilter("Unknown attribute '\(path.dottedName)' in filter for \(type)")
        }
        if resolved.attribute.isComplex, resolved.subAttribute == nil {
            throw .invalidFilter("Filter on complex attribute '\(resolved.attribute.name)' needs a sub-attribute")
        }
        var json = jsonPath(resolved)
        if let sub = resolved.subAttribute { json += ".\"\(sub.name)\"" }
        let value = dialect.jsonValue("r.body", pathParameter: bindPath(json), as: .init(resolved.leaf.type))
        return try build(&self, Operand(sql: value, definition: resolved.leaf))
    }

    private mutating func exists(
        _ elements: Elements, _ build: (inout FilterSQLCompiler, [String: Operand]) throws(QueryError) -> String
    ) throws(QueryError) -> String {
        switch elements {
        case .json(let path, let definition):
            let elements = dialect.jsonElements("r.body", pathParameter: bindPath(path), as: "e")
            var scope: [String: Operand] = [:]
            if definition.isComplex {
                for sub in definition.subAttributes ?? [] {
                    let value = dialect.jsonValue("e.value", path: "$.\"\(sub.name)\"", as: .init(sub.type))
                    scope[caseFold(sub.name)] = Operand(sql: value, definition: sub)
                }
            } else {
                scope["value"] = Operand(sql: dialect.jsonElement("e.value", as: .init(definition.type)), definition: definition)
            }
            return "EXISTS (SELECT 1 FROM \(elements) WHERE \(try build(&self, scope)))"
        case .relation(let select, let columns):
            return "r.seq IN (\(select) AND \(try build(&self, columns)))"
        }
    }
}
