import SCIM

/// Deactivates or activates a local user (`active`, RFC 7643 §4.1.1): deactivation suspends
/// its roles and organization, activation restores them (requirements §9). A user the identity
/// provider manages is refused (409).
public struct SetLocalUserActive: AdminOperation {
    /// The user's id, userName or externalId.
    public var user: String
    public var active: Bool

    public init(user: String, active: Bool) {
        self.user = user
        self.active = active
    }

    public func perform(_ context: AdminContext) async throws -> SCIMValue {
        .object(try await context.services.resources.setLocalUserActive(key: user, active: active, info: try context.requestInfo()).object)
    }
}
