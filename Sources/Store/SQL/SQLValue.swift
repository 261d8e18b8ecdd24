/// A value bound to or read from a statement (SQLite's storage classes; a PostgreSQL session maps them).
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}
