import Provisioning
import Store

/// What the console middleware found out about a request: the signed-in session (with the id
/// from its cookie, for sign-out), the tenants it may switch to and, for a POST, the form it sent, already checked for CSRF.
struct ConsoleRequestState: Sendable {
    var sessionID: String?
    var session: ConsoleSessionRecord?
    var form: FormBody?
    /// The tenants an operator's session may switch to (the header's picker); empty otherwise.
    var tenantChoices: [String] = []
}
