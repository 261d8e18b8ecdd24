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
    /// RFC 9865 §2: the `cursor` parameter, "" for the first page of a cursor walk; nil when the
    /// request pages by index (RFC 7644 §3.4.2.4).
    public var cursor: String?

    public init() {}

    /// From query parameters (already percent-decoded).
    public init(parameter: (String) -> String?) throws(SCIMError) {
        if let f = parameter("filter") { filter = try Filter.parse(f) }
        if let s = parameter("sortBy"), !s.isEmpty { sortBy = try Self.parseSortBy(s) }
        if let o = parameter("sortOrder") { descending = try Self.parseSortOrder(o) }
        cursor = parameter("cursor")
        let start = parameter("startIndex")
        if let s = start { startIndex = try Self.integer(s, name: "startIndex") }
        if let c = parameter("count") { count = try countValue(.string(c)) }
        attributes = parameter("attributes")
        excludedAttributes = parameter("excludedAttributes")
        try checkPagingMethod(startIndexGiven: start != nil)
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
        switch body["cursor"] {
        case nil, .null?: break
        case .string(let text)?: cursor = text
        default: throw .invalidCursor("'cursor' must be a string: empty for the first page, then the nextCursor of the last")
        }
        if let s = body["startIndex"] { startIndex = try Self.integer(s, name: "startIndex") }
        if let c = body["count"] { count = try countValue(c) }
        attributes = try Self.list(body["attributes"], name: "attributes")
        excludedAttributes = try Self.list(body["excludedAttributes"], name: "excludedAttributes")
        try checkPagingMethod(startIndexGiven: body["startIndex"] != nil)
        normalize()
    }

    /// `count`: for a cursor request a malformed one is RFC 9865's `invalidCount` (§2.1), for
    /// index paging RFC 7644's `invalidValue`.
    private func countValue(_ value: SCIMValue) throws(SCIMError) -> Int {
        do {
            return try Self.integer(value, name: "count")
        } catch {
            guard cursor != nil else { throw error }
            throw .invalidCount(error.detail)
        }
    }

    /// RFC 9865 §2.4: `startIndex` asks for index paging and `cursor` for cursor paging; the RFC
    /// does not say what both mean, and guessing would serve one of them the wrong pages.
    private func checkPagingMethod(startIndexGiven: Bool) throws(SCIMError) {
        if startIndexGiven, cursor != nil {
            throw .invalidValue(
                "Send either startIndex (index paging) or cursor (cursor paging, RFC 9865), not both")
        }
    }

    // RFC 7644 §3.4.2.4: startIndex below 1 means 1; a negative count means 0 (so does RFC 9865
    // §2, Table 1, for cursor requests).
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
