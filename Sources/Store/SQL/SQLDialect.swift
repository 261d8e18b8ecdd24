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
        case .postgres: return "(\(json))::json #>> '\(Self.postgresPath(path))'"
        }
    }

    /// `{a,b}` for `$.a.b`: PostgreSQL's path array for `#>`/`#>>`.
    static func postgresPath(_ path: String) -> String {
        var rest = Substring(path)
        if rest.hasPrefix("$") { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".").map { part -> String in
            let name = part.hasPrefix("\"") && part.hasSuffix("\"") && part.count >= 2 ? String(part.dropFirst().dropLast()) : String(part)
            return "\"\(name.replacingOccurrences(of: "\"", with: "\\\""))\""
        }
        return "{\(parts.joined(separator: ","))}"
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
        self == .sqlite ? text : "\(text) COLLATE \"C\""
    }

    /// The 1-based position of `needle` in `haystack`, 0 when absent.
    package func position(of needle: String, in haystack: String) -> String {
        self == .sqlite ? "instr(\(haystack), \(needle))" : "strpos(\(haystack), \(needle))"
    }
}
