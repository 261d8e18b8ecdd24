/// A refused token request, as RFC 6749 §5.2 spells it: the `error` code and one sentence for
/// `error_description` (which §5.2 limits to printable ASCII without `"` and `\`).
public struct OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// RFC 6749 §5.2 error codes for the token endpoint.
    public enum Code: String, Sendable, Equatable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case invalidGrant = "invalid_grant"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
        /// Not in §5.2; used when the database cannot answer (RFC 6749 §4.1.2.1 names it for the
        /// authorization endpoint), so a client retries instead of reporting bad credentials.
        case temporarilyUnavailable = "temporarily_unavailable"
    }
    public let code: Code
    public let description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
