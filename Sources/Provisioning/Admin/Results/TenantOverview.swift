/// The console's overview of a tenant: the last 24 hours' report (created / updated /
/// deactivated / deleted / failed, the failure rate with the quarantine warning, open mapping
/// errors) and when each identity-provider credential last synced.
public struct TenantOverview: Encodable, Sendable {
    /// A credential an identity provider provisions with: a SCIM bearer token or an OAuth client.
    public struct Credential: Encodable, Sendable, Equatable {
        /// `token` or `oauth-client`.
        public var kind: String
        public var name: String
        /// The token's prefix or the client id, to tell them apart.
        public var identifier: String
        /// `active`, `expired` or `revoked`.
        public var state: String
        /// When it was last used (a token) or last obtained an access token (a client); null: never.
        @Nullable public var lastSync: String?
    }

    public var report: SyncReport
    public var credentials: [Credential]
    /// The SCIM root to paste into Entra ID as the Tenant URL.
    public var tenantURL: String
}
