/// The parameters of a query (RFC 7644 §3.4.2) from a GET query string or a
/// `/.search` body (§3.4.3), parsed and checked once.
public struct SearchRequest: Sendable {
    public static let schema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
    /// Page size when a client gives none.
    public static let defaultCount = 100

    public var filter: Filter?
    public var sortBy: AttributePath?
    public var descending = false
    public var startIndex = 1
    public var count = SearchRequest.defaultCount
    public var attributes: String?
    public var excludedAttributes: String?

    public init() {}

    /// From query parameters (already percent-decoded).
    public init(parameter: (String) -> String?) throws(SCIMError) {
        if let f = parameter("filter") { filter = try Filter.parse(f) }
        if let s = parameter("sortBy"), !s.isEmpty { sortBy = try Self.parseSortBy(s) }
        if let o = parameter("sortOrder") { descending = try Self.parseSortOrder(o) }
        if let s = parameter("startIndex") { startIndex = try Self.integer(s, name: "startIndex") }
        if let c = parameter("count") { count = try Self.integer(c, name: "count") }
        attributes = parameter("attributes")
        excludedAttributes = parameter("excludedAttributes")
        normalize()
    }

    /// From a `/.search` body.
    public init(body: SCIMObject) throws(SCIMError) {
        if let schemas = body["schemas"] {
            guard case .array(let list) = schemas,
                list.contains(where: { $0.stringValue.map { attributeNamesEqual($0, Self.schema) } ?? false })
            else { throw .invalidSyntax("'schemas' must contain \(Self.schema)") }
        }
        if let f = body["filter"] {
            guard case .string(let text) = f else { throw .invalidFilter("'filter' must be a string") }
            filter = try Filter.parse(text)
        }
        if let s = body["sortBy"] {
            guard case .string(let text) = s else { throw .invalidValue("'sortBy' must be a string") }
            sortBy = try Self.parseSortBy(text)
        }
        if let o = body["sortOrder"] {
            guard case .string(let text) = o else { throw .invalidValue("'sortOrder' must be a string") }
            descending = try Self.parseSortOrder(text)
        }
        if let s = body["startIndex"] { startIndex = try Self.integer(s, name: "startIndex") }
        if let c = body["count"] { count = try Self.integer(c, name: "count") }
        attributes = try Self.list(body["attributes"], name: "attributes")
        excludedAttributes = try Self.list(body["excludedAttributes"], name: "excludedAttributes")
        normalize()
    }

    // RFC 7644 §3.4.2.4: startIndex below 1 means 1; a negative count means 0.
    private mutating func normalize() {
        if startIndex < 1 { startIndex = 1 }
        if count < 0 { count = 0 }
    }

    private static func parseSortBy(_ text: String) throws(SCIMError) -> AttributePath {
        let path: AttributePath
        do {
            path = try AttributePath.parse(text.trimmingCharacters(in: .whitespaces))
        } catch {
            throw .invalidValue("'sortBy' is not a valid attribute path: \(error.detail)")
        }
        // RFC 7644 §3.4.2.3: sortBy names an attribute (§3.10 notation), which has no value filter;
        // sorting silently by another value (the primary email) would mislead.
        if path.valueFilter != nil {
            throw .invalidValue(
                "'sortBy' takes an attribute path without a value filter, e.g. emails.value (sorts by the primary value)")
        }
        return path
    }

    private static func parseSortOrder(_ text: String) throws(SCIMError) -> Bool {
        switch caseFold(text) {
        case "ascending", "": return false
        case "descending": return true
        default: throw .invalidValue("'sortOrder' must be 'ascending' or 'descending'")
        }
    }

    private static func integer(_ text: String, name: String) throws(SCIMError) -> Int {
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw .invalidValue("'\(name)' must be an integer, got '\(text.prefix(40))'")
        }
        return n
    }

    private static func integer(_ value: SCIMValue, name: String) throws(SCIMError) -> Int {
        switch value {
        case .integer(let n): return n
        case .string(let s): return try integer(s, name: name)
        default: throw .invalidValue("'\(name)' must be an integer")
        }
    }

    private static func list(_ value: SCIMValue?, name: String) throws(SCIMError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .array(let items)?:
            var names: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw .invalidValue("'\(name)' must list attribute names as strings") }
                names.append(s)
            }
            return names.joined(separator: ",")
        default: throw .invalidValue("'\(name)' must be an array of attribute names")
        }
    }
}

import Foundation
