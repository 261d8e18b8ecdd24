/// A query the store cannot run as asked: a filter or sort that does not fit the schema, or a
/// filter too complex for SQLite. `message` is one sentence for the client; the service layer
/// turns it into the SCIM error of RFC 7644 §3.12 (invalidFilter, or invalidValue for a sort).
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which SCIM error a client sees.
    public enum Kind: Sendable, Equatable {
        /// The filter names something the resource type does not have or compares it wrongly.
        case invalidFilter
        /// `sortBy` names an attribute that cannot be sorted by.
        case invalidSort
    }

    /// What is wrong.
    public let kind: Kind
    /// One sentence for the client's error detail.
    public let message: String

    /// A query error of `kind` with the client's `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// A filter that does not fit the resource type.
    public static func invalidFilter(_ message: String) -> QueryError { QueryError(.invalidFilter, message) }
    /// A `sortBy` that cannot be sorted by.
    public static func invalidSort(_ message: String) -> QueryError { QueryError(.invalidSort, message) }

    /// The same as `message`.
    public var description: String { message }
}
