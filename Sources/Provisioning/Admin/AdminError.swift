import SCIM
import Store

/// An administrative operation that cannot be done; `message` is one sentence saying what to do.
///
/// Every front-end (scimctl, the admin API, the console) shows the message as it is, so the
/// service layer writes it for a person: what is wrong and the command that helps.
public struct AdminError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notFound, invalid, conflict
        /// The caller may not do this, whatever it sends (an admin token acting outside its tenant).
        case forbidden
        /// The database stayed locked by another writer for longer than the lock timeout.
        case unavailable
        /// A failure the caller cannot fix; the details are in the server log.
        case internalError
    }
    public let kind: Kind
    public let message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }

    /// The one mapping from anything an operation throws to what an administrator is told.
    public static func from(_ error: any Error) -> AdminError {
        switch error {
        case let admin as AdminError:
            return admin
        case let scim as SCIMError:
            switch scim.status {
            case 404: return AdminError(.notFound, scim.detail)
            case 409: return AdminError(.conflict, scim.detail)
            case 503: return AdminError(.unavailable, scim.detail)
            case 500...: return AdminError(.internalError, scim.detail)
            default: return AdminError(.invalid, scim.detail)
            }
        case StoreError.busy:
            return AdminError(.unavailable, "The database is busy (another writer holds it); retry in a moment.")
        case StoreError.duplicate(let field):
            return AdminError(.conflict, "Something with this \(field) already exists.")
        case StoreError.notFound:
            return AdminError(.notFound, "It was deleted by a concurrent change; list again and retry.")
        default:
            return AdminError(.internalError, "The operation failed inside scimd; the server log has the details.")
        }
    }
}
