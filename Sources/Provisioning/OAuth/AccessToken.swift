/// A successful token response (RFC 6749 §5.1). Encoded with these exact keys.
public struct AccessToken: Encodable, Sendable, Equatable {
    public var accessToken: String
    /// Always `Bearer` (RFC 6750).
    public var tokenType: String
    /// Seconds until the token expires.
    public var expiresIn: Int
    /// §5.1: required when it differs from what was asked; scimd always says it.
    public var scope: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case scope
    }
}
