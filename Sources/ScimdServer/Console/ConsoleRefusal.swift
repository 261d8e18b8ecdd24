import Provisioning

/// Why the console refuses a request, as the page shows it: a status, a heading and one
/// sentence saying what to do.
struct ConsoleRefusal: Error, Sendable {
    let status: Int
    let heading: String
    let message: String

    init(status: Int, heading: String, _ message: String) {
        self.status = status
        self.heading = heading
        self.message = message
    }

    /// OWASP CSRF Prevention: a form without the session's token, or from another origin.
    static func csrf(_ message: String = "This form is not from this console session, or it has expired. Reload the page and try again.")
        -> ConsoleRefusal
    {
        ConsoleRefusal(status: 403, heading: "Request refused", message)
    }

    static func notFound(_ message: String) -> ConsoleRefusal { ConsoleRefusal(status: 404, heading: "Not found", message) }

    /// An operation's failure, with the status the admin API gives the same `AdminError`.
    static func from(_ error: AdminError) -> ConsoleRefusal {
        let status = AdminResponder.status(of: error.kind)
        let heading: String
        switch error.kind {
        case .notFound: heading = "Not found"
        case .invalid: heading = "Cannot do that"
        case .conflict: heading = "Conflict"
        case .forbidden: heading = "Not allowed"
        case .unavailable: heading = "Busy"
        case .internalError: heading = "Something went wrong"
        }
        return ConsoleRefusal(status: status, heading: heading, error.message)
    }
}
