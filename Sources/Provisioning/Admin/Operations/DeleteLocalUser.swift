/// Deletes a local user (RFC 7644 §3.6); a user the identity provider manages is refused (409):
/// remove it there, or it would come back on the next provisioning cycle (requirements §9).
public struct DeleteLocalUser: AdminOperation {
    /// The user's id, userName or externalId.
    public var user: String

    public init(user: String) { self.user = user }

    public func perform(_ context: AdminContext) async throws -> Done {
        try await context.services.resources.deleteLocalUser(key: user, info: try context.requestInfo())
        return Done()
    }
}
