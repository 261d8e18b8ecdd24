import SCIM

/// Changes attributes of a local user with a SCIM PatchOp (RFC 7644 §3.5.2); a user the identity
/// provider manages is refused (409) with where to change it instead (requirements §9).
public struct UpdateLocalUser: AdminOperation {
    /// The user's id, userName or externalId.
    public var user: String
    /// The PatchOp request body.
    public var request: SCIMValue

    public init(user: String, request: SCIMValue) {
        self.user = user
        self.request = request
    }

    /// The PatchOp scimctl's options describe: each given attribute replaced. An email replaces
    /// the user's emails with that one work address.
    public init(
        user: String, givenName: String? = nil, familyName: String? = nil, email: String? = nil, displayName: String? = nil
    ) {
        var operations: [SCIMValue] = []
        func replace(_ path: String, _ value: SCIMValue) {
            operations.append(["op": "replace", "path": .string(path), "value": value])
        }
        if let givenName { replace("name.givenName", .string(givenName)) }
        if let familyName { replace("name.familyName", .string(familyName)) }
        if let displayName { replace("displayName", .string(displayName)) }
        if let email { replace("emails", LocalUserFields.workEmail(email)) }
        self.user = user
        self.request = ["schemas": [.string(LocalUserFields.patchSchema)], "Operations": .array(operations)]
    }

    public func perform(_ context: AdminContext) async throws -> SCIMValue {
        .object(try await context.services.resources.updateLocalUser(key: user, request: request, info: try context.requestInfo()).object)
    }
}
