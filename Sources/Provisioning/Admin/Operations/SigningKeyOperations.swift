/// Starts signing access tokens with a new key (deployment-wide, operator only); tokens the old
/// keys signed keep verifying until they expire.
public struct RotateSigningKey: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> SigningKeySummary {
        if context.tenant != nil {
            throw AdminError(.invalid, "Signing keys belong to the whole deployment; rotate them with scimctl as the operator.")
        }
        return SigningKeySummary(try await context.services.oauth.rotateSigningKey())
    }
}

/// The deployment's access-token signing keys, newest first; never their material.
public struct ListSigningKeys: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> [SigningKeySummary] {
        try await context.services.oauth.signingKeys().map(SigningKeySummary.init)
    }
}
