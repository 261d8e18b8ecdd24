import SCIM

/// Times in administrative results are RFC 3339 strings (the same form SCIM's `meta` uses),
/// so a script reads them without knowing how the store keeps them.
enum AdminTime {
    static func text(_ milliseconds: Int64) -> String { SCIMDateTime.format(milliseconds: milliseconds) }
    static func text(_ milliseconds: Int64?) -> String? { milliseconds.map(text) }
}
