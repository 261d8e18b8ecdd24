/// What a bearer token may call.
public enum TokenKind: String, Sendable, Hashable, Codable {
    /// The identity provider's token for `/scim/v2`.
    case scim
    /// A tenant administrator's token for `/admin/v1` and the console, in its own tenant only.
    case admin
    /// The operator's token: what an admin token may do, in any tenant. It is stored with the
    /// tenant it was created in (its home), where its requests and console sessions start; a
    /// console session may switch to another tenant, and an `/admin/v1` request names one in
    /// `Scimd-Tenant` (docs/console.md, docs/admin-api.md).
    case `operator`

    /// The kinds that may act as a tenant administrator (`/admin/v1`, the console).
    public static let administering: Set<TokenKind> = [.admin, .operator]
}
