import SCIM

/// The resources of the filter target's store: stored bodies (as the validator leaves them:
/// canonical names, no id or meta), memberships and assignments.
enum FilterData {
    static func object(_ value: SCIMValue) -> SCIMObject { value.objectValue ?? SCIMObject() }

    private static func user(_ fields: SCIMValue) -> SCIMObject {
        var o = object(fields)
        let extended = o[Schemas.enterprise] != nil
        o.set("schemas", extended ? [.string(Schemas.coreUser), .string(Schemas.enterprise)] : [.string(Schemas.coreUser)])
        return o
    }

    private static func group(_ fields: SCIMValue) -> SCIMObject {
        var o = object(fields)
        o.set("schemas", [.string(Schemas.coreGroup)])
        return o
    }

    /// (id, type, stored body), in insertion order.
    static let resources: [(String, String, SCIMObject)] = [
        // RFC 7643 §8.3, abridged.
        (
            "u-1", "User",
            user([
                "userName": "bjensen@example.com", "externalId": "701984", "displayName": "Babs Jensen",
                "name": ["givenName": "Barbara", "familyName": "Jensen", "formatted": "Ms. Barbara J Jensen, III"],
                "title": "Tour Guide", "active": true, "userType": "Employee", "locale": "en-US",
                "emails": [
                    ["value": "bjensen@example.com", "type": "work", "primary": true],
                    ["value": "babs@jensen.org", "type": "home"],
                ],
                "addresses": [["type": "work", "locality": "Hollywood", "region": "CA", "primary": true]],
                "phoneNumbers": [["value": "555-555-5555", "type": "work"]],
                "roles": [["value": "Tour Lead", "primary": true]],
                Schemas.enterprise: [
                    "employeeNumber": "701984", "department": "Tour Operations", "costCenter": "4130",
                    "manager": ["value": "u-2", "displayName": "Ellen Reckert"],
                ],
            ])
        ),
        // Entra ID's create body.
        (
            "u-2", "User",
            user([
                "userName": "Ellen@Contoso.com", "externalId": "ext-ellen", "active": false, "displayName": "Ellen Reckert",
                "name": ["givenName": "Ellen", "familyName": "Reckert"],
                "emails": [["value": "ellen@contoso.com", "type": "work", "primary": true]],
                Schemas.enterprise: ["employeeNumber": "1001", "department": "Sales"],
            ])
        ),
        (
            "u-3", "User",
            user([
                "userName": "ZOË@müller.de", "title": "Ärztin", "active": true,
                "name": ["givenName": "Zoë", "familyName": "Müller"],
                "emails": [["value": "Zoe@Müller.de", "type": "Work"], ["value": "straße@example.com", "primary": false]],
                Schemas.enterprise: ["department": "Δ Ops"],
            ])
        ),
        ("u-4", "User", user(["userName": "x"])),
        // Empty and partial values: "" title, an email without value, an empty name object.
        (
            "u-5", "User",
            user(["userName": "o'brien", "title": "", "emails": [["type": "work"]], "name": [:], "externalId": "EXT"])
        ),
        (
            "U-6a", "User",
            user([
                "userName": "東京@example.jp", "active": true, "nickName": "Tokyo", "profileUrl": "https://example.jp/~t",
                "ims": [["value": "tokyo", "type": "aim"]], "x509Certificates": [["value": "MIIDQzCCAqyg"]],
                "emails": [["value": "TOKYO@EXAMPLE.JP", "type": "other", "display": "Tokyo"]],
            ])
        ),
        ("u-7", "User", user(["userName": "Mary Ann", "externalId": "ext-7", "title": "VP, Sales", "active": true])),
        (
            "g-1", "Group",
            group(["displayName": "Tour Guides", "externalId": "e9e30dba-f08f-4109-8486-d5c6a331660a"])
        ),
        ("g-2", "Group", group(["displayName": "Employees"])),
        ("g-empty", "Group", group(["displayName": "empty", "externalId": "EMPTY"])),
        ("g-4", "Group", group(["displayName": "ÄRZTE"])),
        ("G-5", "Group", group(["displayName": "Admins"])),
    ]

    /// Group id → member ids (users and a nested group).
    static let memberships: [(String, [String])] = [
        ("g-1", ["u-1", "u-3", "g-2"]),
        ("g-2", ["u-1", "u-2", "u-4", "u-5", "U-6a"]),
        ("g-4", ["u-3"]),
        ("G-5", ["g-1", "u-7"]),
    ]

    /// Effective assignments; u-2's is suspended (an inactive user holds nothing, requirements §9).
    static let assignments: [(user: String, roles: [String], organization: String?, suspended: Bool)] = [
        ("u-1", ["Admin", "Viewer"], "Universal Studios", false),
        ("u-2", ["Admin"], "Contoso", true),
        ("u-3", ["viewer"], nil, false),
        ("U-6a", [], "東京", false),
        ("u-7", ["Ägent"], "Sales", false),
    ]
}
