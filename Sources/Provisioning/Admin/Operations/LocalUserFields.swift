import SCIM

/// The SCIM values scimctl's user options stand for (RFC 7643 §4.1), shared by the create and
/// the update so `--email` means the same in both.
enum LocalUserFields {
    static let coreSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    /// `name` with the parts given; nil when neither is.
    static func name(givenName: String?, familyName: String?) -> SCIMValue? {
        guard givenName != nil || familyName != nil else { return nil }
        var name = SCIMObject()
        if let givenName { name["givenName"] = .string(givenName) }
        if let familyName { name["familyName"] = .string(familyName) }
        return .object(name)
    }

    /// `emails` holding one primary work address (what the default scope rules require).
    static func workEmail(_ address: String) -> SCIMValue {
        [["value": .string(address), "type": "work", "primary": true]]
    }
}
