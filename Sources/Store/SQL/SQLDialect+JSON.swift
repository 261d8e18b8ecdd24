import SCIM

/// JSON inside TEXT columns (bodies, sync-log changes and details, event data, assignment
/// roles). SQLite's JSON1 functions take a path (`$.a`, `$."b"`) and give each scalar its SQL
/// type; PostgreSQL reads a `::json` cast with a path array (`#>`, `#>>`, as text) and
/// iterates arrays with `json_array_elements`.
extension SQLDialect {
    /// How a JSON scalar is compared: as text, as a number, or as a boolean (1 or 0). SQLite's
    /// `json_extract` already answers each with that SQL type; PostgreSQL's `#>>` answers text,
    /// so numbers and booleans are converted (anything else of the wrong type is NULL).
    package enum JSONScalar: Sendable {
        case text
        case number
        case boolean

        /// The kind an attribute's values compare as (RFC 7643 §2.3 data types).
        package init(_ type: AttributeType) {
            switch type {
            case .boolean: self = .boolean
            case .integer, .decimal: self = .number
            default: self = .text
            }
        }
    }

    /// What to bind for a path parameter used by `jsonValue(_:pathParameter:as:)` and
    /// `jsonElements(_:pathParameter:as:)`: the SQLite path itself, or PostgreSQL's path array.
    package func pathArgument(_ path: String) -> String {
        self == .sqlite ? path : Self.postgresPath(path)
    }

    /// The scalar at the path held by the bound parameter `pathParameter` (see `pathArgument`)
    /// inside the JSON text `json`, or NULL.
    package func jsonValue(_ json: String, pathParameter: String, as kind: JSONScalar = .text) -> String {
        switch self {
        case .sqlite: return "json_extract(\(json), \(pathParameter))"
        case .postgres: return Self.postgresScalar("((\(json))::json #> CAST(\(pathParameter) AS TEXT[]))", kind)
        }
    }

    /// The scalar at the literal `path` (`$.a`, `$."a"."b"`) inside the JSON text `json`.
    package func jsonValue(_ json: String, path: String, as kind: JSONScalar) -> String {
        switch self {
        case .sqlite: return "json_extract(\(json), '\(path)')"
        case .postgres: return Self.postgresScalar("((\(json))::json #> '\(Self.postgresPath(path))')", kind)
        }
    }

    /// An element of `jsonElements` (its `value` column, `element`) as a scalar of `kind`:
    /// SQLite's `json_each` already gives a scalar element its SQL type.
    package func jsonElement(_ element: String, as kind: JSONScalar = .text) -> String {
        self == .sqlite ? element : Self.postgresScalar(element, kind)
    }

    /// A FROM item over the elements of the JSON array at the bound `pathParameter` inside
    /// `json`, named `alias`, with columns `value` (an element) and `key` (its position, for
    /// order only). Anything but an array has no elements in PostgreSQL, where
    /// `json_array_elements` would fail on it.
    package func jsonElements(_ json: String, pathParameter: String, as alias: String) -> String {
        switch self {
        case .sqlite: return "json_each(\(json), \(pathParameter)) AS \(alias)"
        case .postgres: return Self.postgresElements("((\(json))::json #> CAST(\(pathParameter) AS TEXT[]))", alias)
        }
    }

    /// The same over the array at the literal `path`, or the whole of `json` when `path` is nil.
    package func jsonElements(_ json: String, path: String? = nil, as alias: String) -> String {
        switch self {
        case .sqlite: return "json_each(\(json)\(path.map { ", '\($0)'" } ?? "")) AS \(alias)"
        case .postgres:
            let array = path.map { "((\(json))::json #> '\(Self.postgresPath($0))')" } ?? "(\(json))::json"
            return Self.postgresElements(array, alias)
        }
    }

    /// The number of elements of the array at `path` inside `json`; NULL when absent or not an array
    /// (SQLite answers 0 for a present non-array, which no caller stores).
    package func jsonArrayLength(_ json: String, path: String) -> String {
        switch self {
        case .sqlite: return "json_array_length(\(json), '\(path)')"
        case .postgres:
            let array = "((\(json))::json #> '\(Self.postgresPath(path))')"
            return "(CASE WHEN json_typeof(\(array)) = 'array' THEN json_array_length(\(array)) END)"
        }
    }

    /// Whether `path` inside `json` holds a value other than JSON null, as an SQL condition.
    package func jsonHasValue(_ json: String, path: String) -> String {
        switch self {
        case .sqlite: return "COALESCE(json_type(\(json), '\(path)'), 'null') <> 'null'"
        case .postgres: return "COALESCE(json_typeof((\(json))::json #> '\(Self.postgresPath(path))'), 'null') <> 'null'"
        }
    }

    /// Whether `path` inside `json` is the boolean `flag`, or a string spelling it in any letter
    /// case (`"False"`), as an SQL condition.
    package func jsonIsFlag(_ json: String, path: String, _ flag: Bool) -> String {
        let word = flag ? "true" : "false"
        switch self {
        case .sqlite:
            return "(json_type(\(json), '\(path)') = '\(word)' OR (json_type(\(json), '\(path)') = 'text' AND lower(json_extract(\(json), '\(path)')) = '\(word)'))"
        case .postgres:
            // `#>>` answers a boolean and a string alike as their text.
            let value = "((\(json))::json #> '\(Self.postgresPath(path))')"
            return "(json_typeof(\(value)) IN ('boolean', 'string') AND lower(\(value) #>> '{}') = '\(word)')"
        }
    }

    /// A json value in PostgreSQL as the scalar SQLite's JSON1 would give.
    private static func postgresScalar(_ value: String, _ kind: JSONScalar) -> String {
        switch kind {
        case .text:
            return "(\(value) #>> '{}')"
        case .number:
            return "(CASE WHEN json_typeof(\(value)) = 'number' THEN CAST(\(value) #>> '{}' AS NUMERIC) END)"
        case .boolean:
            return "(CASE WHEN json_typeof(\(value)) = 'boolean' THEN CASE WHEN \(value) #>> '{}' = 'true' THEN 1 ELSE 0 END END)"
        }
    }

    private static func postgresElements(_ array: String, _ alias: String) -> String {
        "json_array_elements(CASE WHEN json_typeof(\(array)) = 'array' THEN \(array) ELSE '[]'::json END) WITH ORDINALITY AS \(alias)(value, key)"
    }
}
