/// The constructs SQLite and PostgreSQL spell differently, as SQL fragments. Store SQL is
/// otherwise written once, in the subset both accept: `INSERT … ON CONFLICT … DO NOTHING /
/// DO UPDATE` (SQLite ≥ 3.24), `RETURNING` (SQLite ≥ 3.35), `coalesce`, `count`, `lower`,
/// `substr`, `||`, `CASE`, `EXISTS`, aggregate `max`/`min`/`sum`.
///
/// Bodies, sync-log changes and details, event data and assignment roles are TEXT holding JSON
/// in both databases (byte for byte what was written); PostgreSQL reads inside them with a
/// `::json` cast.
package enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// The larger of two values (SQLite's two-argument `max`, PostgreSQL's `GREATEST`).
    package func greatest(_ a: String, _ b: String) -> String {
        self == .sqlite ? "max(\(a), \(b))" : "GREATEST(\(a), \(b))"
    }

    /// The smaller of two values.
    package func least(_ a: String, _ b: String) -> String {
        self == .sqlite ? "min(\(a), \(b))" : "LEAST(\(a), \(b))"
    }

    /// The text at `path` (a SQLite JSON path such as `$.displayName` or `$.a.b`) inside the
    /// JSON text `json`, or NULL; a JSON string comes back unquoted.
    package func jsonText(_ json: String, path: String) -> String {
        switch self {
        case .sqlite: return "json_extract(\(json), '\(path)')"
        case .postgres: return "((\(json))::json #>> '\(Self.postgresPath(path))')"
        }
    }

    /// `{"a","b"}` for `$.a.b` or `$."a"."b"`: PostgreSQL's path array for `#>`/`#>>`. A quoted
    /// step keeps its dots (`$."urn:…:enterprise:2.0:User"."manager"` is two steps).
    static func postgresPath(_ path: String) -> String {
        var rest = Substring(path)
        if rest.hasPrefix("$") { rest = rest.dropFirst() }
        var parts: [String] = []
        var current = ""
        var quoted = false
        var started = false
        for character in rest {
            switch character {
            case "\"" where quoted || current.isEmpty:
                quoted.toggle()
            case "." where !quoted:
                if started { parts.append(current) }
                current = ""
                started = true
            default:
                current.append(character)
            }
        }
        if started { parts.append(current) }
        let elements = parts.map { part in
            "\"" + part.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "{\(elements.joined(separator: ","))}"
    }

    /// Text folded as `caseFold` folds it (Unicode lower case): SQLite calls the Swift function
    /// it registers (`scim_fold`), PostgreSQL its `lower`, which folds by the database's locale
    /// (a UTF-8 locale folds beyond ASCII; docs/guides/postgresql.md).
    package func fold(_ text: String) -> String {
        self == .sqlite ? "scim_fold(\(text))" : "lower(\(text))"
    }

    /// A case-insensitive equality of two text expressions, as SQLite's `COLLATE NOCASE`
    /// compares (ASCII letters).
    package func equalIgnoringCase(_ a: String, _ b: String) -> String {
        self == .sqlite ? "\(a) = \(b) COLLATE NOCASE" : "lower(\(a)) = lower(\(b))"
    }

    /// Byte order for text, whatever the database's locale (SQLite's default BINARY collation).
    package func binaryOrder(_ text: String) -> String {
        // Parenthesised: COLLATE binds tighter than PostgreSQL's operators (`a #>> b COLLATE …`).
        self == .sqlite ? text : "(\(text)) COLLATE \"C\""
    }

    /// The 1-based position of `needle` in `haystack`, 0 when absent.
    package func position(of needle: String, in haystack: String) -> String {
        self == .sqlite ? "instr(\(haystack), \(needle))" : "strpos(\(haystack), \(needle))"
    }

    /// An ascending ORDER BY term for text that may be NULL, ordered as SQLite orders it: by
    /// bytes, NULLs first (PostgreSQL puts them last and orders by the locale).
    package func ascendingText(_ text: String) -> String {
        self == .sqlite ? text : "\(binaryOrder(text)) NULLS FIRST"
    }

    /// An ORDER BY term for a `COLLATE NOCASE` column (tenant names, migration 1): ASCII letters
    /// folded, then bytes. SQLite's column collation does it; PostgreSQL folds exactly those
    /// letters with `translate`, where `lower` would fold beyond ASCII.
    package func orderIgnoringCase(_ text: String) -> String {
        switch self {
        case .sqlite: return text
        case .postgres:
            return binaryOrder("translate(\(text), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')")
        }
    }

    /// The last `length` characters of `text` (SQLite's negative `substr` start; PostgreSQL's
    /// `substr` would count from before the first character instead).
    package func suffix(_ text: String, length: Int) -> String {
        self == .sqlite ? "substr(\(text), -\(length))" : "right(\(text), \(length))"
    }

    /// The column that orders rows of a table with a text primary key by insertion, as the last
    /// tie-break: SQLite's implicit `rowid`; PostgreSQL has none, so its schema gives those
    /// tables (subscriptions, deliveries, oauth_client_secrets, signing_keys) a `row_seq`
    /// identity column.
    package var insertionOrder: String {
        self == .sqlite ? "rowid" : "row_seq"
    }
}
