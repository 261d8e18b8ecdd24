import SCIM

/// Creates a user managed in scimd rather than by the identity provider (source `local`,
/// requirements §9). Its result is the SCIM User (RFC 7643 §4.1) with the scimd extension.
public struct CreateLocalUser: AdminOperation {
    /// The SCIM User to create, as `POST /scim/v2/Users` takes it (RFC 7644 §3.3).
    public var user: SCIMObject

    public init(user: SCIMObject) {
        self.user = user
    }

    /// The user scimctl's options describe: a userName and optional names, work email and externalId.
    public init(
        userName: String, givenName: String? = nil, familyName: String? = nil, email: String? = nil, displayName: String? = nil,
        externalID: String? = nil
    ) {
        var user = SCIMObject()
        user["schemas"] = [.string(LocalUserFields.coreSchema)]
        user["userName"] = .string(userName)
        if let externalID { user["externalId"] = .string(externalID) }
        if let name = LocalUserFields.name(givenName: givenName, familyName: familyName) { user["name"] = name }
        if let displayName { user["displayName"] = .string(displayName) }
        if let email { user["emails"] = LocalUserFields.workEmail(email) }
        user["active"] = true
        self.user = user
    }

    public func perform(_ context: AdminContext) async throws -> SCIMValue {
        .object(try await context.services.resources.createLocalUser(user, info: try context.requestInfo()).object)
    }
}
