import SCIM
import Store

extension SCIMError {
    /// Maps a store failure to what a client may see; SQLite text stays in the server log.
    static func from(_ error: any Error, resourceType: String) -> SCIMError {
        if let scim = error as? SCIMError { return scim }
        if let query = error as? QueryError {
            // RFC 7644 §3.12: a filter that does not fit is invalidFilter; an unsortable sortBy, invalidValue.
            switch query.kind {
            case .invalidFilter: return .invalidFilter(query.message)
            case .invalidSort: return .invalidValue(query.message)
            }
        }
        switch error as? StoreError {
        case .duplicate(let field)?:
            return .uniqueness("A \(resourceType) with this \(field) already exists")
        case .notFound?:
            return .notFound("The \(resourceType) was deleted by a concurrent request")
        case .busy?:
            return .unavailable("The database is busy; retry the request")
        case .unavailable?:
            // A lost database connection or a failover (PostgreSQL): the transaction was not
            // committed, so the client may send the request again (503 carries Retry-After).
            return .unavailable("The database is unavailable; retry the request")
        default:
            return .internalError("Internal error while storing the \(resourceType)")
        }
    }
}
