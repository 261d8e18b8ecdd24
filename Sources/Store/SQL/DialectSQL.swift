/// One statement's text in each dialect, built once: the statements every request runs would
/// otherwise be interpolated again on each call (generic types cannot hold static stored
/// properties, so these live in small enums beside their SQL).
struct DialectSQL: Sendable {
    let sqlite: String
    let postgres: String

    init(_ build: (SQLDialect) -> String) {
        sqlite = build(.sqlite)
        postgres = build(.postgres)
    }

    subscript(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: return sqlite
        case .postgres: return postgres
        }
    }
}
