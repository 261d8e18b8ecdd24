import SCIM

/// Stored bodies the PATCH and path targets start from: a user as Entra ID creates it (with the
/// Enterprise User extension and a manager) and a group, each validated as a POST would be.
enum PatchFixtures {
    static let user = stored(
        #"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee@contoso.com","active":true,
         "displayName":"Ellen Reckert","title":"Sales Rep","preferredLanguage":"en-US",
         "emails":[{"primary":true,"type":"work","value":"Test_User_ab6490ee@contoso.com"},{"type":"home","value":"ellen@example.org"}],
         "name":{"formatted":"Ellen Reckert","familyName":"Reckert","givenName":"Ellen"},
         "addresses":[{"type":"work","streetAddress":"1 Microsoft Way","locality":"Redmond","region":"WA","postalCode":"98052","country":"US","primary":true}],
         "phoneNumbers":[{"type":"work","value":"+1 555 0100"},{"type":"mobile","value":"+1 555 0199"}],
         "roles":[{"primary":"True","type":"WindowsAzureActiveDirectoryRole","value":"Admin"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"1001","department":"Sales",
           "costCenter":"4130","organization":"Contoso","manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d"}}}
        """#, schema: Schemas.user)

    static let group = stored(
        #"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Tour Guides","externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"}
        """#, schema: Schemas.group)

    /// The group's members as ResourceService+Members hands them to a `members[...]` remove filter.
    static let members: [SCIMObject] = [
        FilterData.object(["value": "2819c223-7f76-453a-919d-413861904646", "type": "User", "display": "Babs Jensen"]),
        FilterData.object(["value": "902c246b-6245-4190-8e05-00816be7344a", "type": "User", "display": "mary@example.com"]),
        FilterData.object(["value": "e9e30dba-f08f-4109-8486-d5c6a331660a", "type": "Group", "display": "Employees"]),
    ]

    /// The resources as a GET renders them, for projections.
    static let renderedUser: SCIMObject = {
        var o = user
        o["id"] = "2819c223-7f76-453a-919d-413861904646"
        o["groups"] = [["value": "e9e30dba-f08f-4109-8486-d5c6a331660a", "display": "Tour Guides", "type": "direct"]]
        o[Schemas.scimd] = ["roles": ["Admin"], "organization": "Contoso", "source": "scim"]
        o["meta"] = ["resourceType": "User", "created": "2026-01-02T03:04:05Z", "lastModified": "2026-01-02T03:04:05Z", "version": "W/\"3\""]
        return o
    }()

    static let renderedGroup: SCIMObject = {
        var o = group
        o["id"] = "e9e30dba-f08f-4109-8486-d5c6a331660a"
        o["members"] = .array(members.map { .object($0) })
        o["meta"] = ["resourceType": "Group", "created": "2026-01-02T03:04:05Z", "lastModified": "2026-01-02T03:04:05Z", "version": "W/\"7\""]
        return o
    }()

    private static func stored(_ json: String, schema: ResourceSchema) -> SCIMObject {
        do {
            guard let object = try SCIMValue(parsing: json).objectValue else { fatalError("fixture is not an object") }
            return try ResourceValidator(schema: schema).validate(object, mode: .create)
        } catch {
            fatalError("invalid PATCH fixture: \(error)")
        }
    }
}
