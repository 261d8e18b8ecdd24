/// Adds a secret to an OAuth client; its other secrets stay valid until retired or expired.
public struct RotateClientSecret: AdminOperation {
    /// Client id or a unique prefix of it.
    public var id: String
    public var secretExpiresInDays: Int?
    public init(id: String, secretExpiresInDays: Int? = nil) {
        self.id = id
        self.secretExpiresInDays = secretExpiresInDays
    }

    public func perform(_ context: AdminContext) async throws -> IssuedClientSecret {
        IssuedClientSecret(
            try await context.services.oauth.rotateSecret(id: id, tenant: context.tenant, expiresInDays: secretExpiresInDays))
    }
}
