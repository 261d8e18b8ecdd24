/// Failures a store reports; SQLite's own text never reaches a client through these.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A unique index refused the write; `field` names what collided ("userName", "displayName", "id", "name").
    case duplicate(field: String)
    /// The row a write expected is gone.
    case notFound
    /// The database is locked by another writer for longer than the busy timeout.
    case busy
    /// The database cannot be opened or its schema is newer than this program.
    case unavailable(String)
    /// Anything else; the text is for the operator's log only.
    case internalError(String)

    public var description: String {
        switch self {
        case .duplicate(let field): return "duplicate \(field)"
        case .notFound: return "not found"
        case .busy: return "database is busy"
        case .unavailable(let s): return s
        case .internalError(let s): return s
        }
    }
}
