/// What a bearer token may call.
public enum TokenKind: String, Sendable, Hashable, Codable {
    /// The identity provider's token for `/scim/v2`.
    case scim
    /// An operator's token for `/admin/v1`.
    case admin
}
