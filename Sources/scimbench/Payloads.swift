/// Request bodies in the shape Microsoft Entra ID sends them (capitalised `op`, string booleans).
enum Payloads {
    static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    static func userName(prefix: String, _ index: Int) -> String { "\(prefix)-u\(index)@bench.example.com" }

    static func user(prefix: String, _ index: Int) -> [String: Any] {
        let name = userName(prefix: prefix, index)
        return [
            "schemas": [userSchema],
            "externalId": "\(prefix)-u\(index)",
            "userName": name,
            "active": true,
            "displayName": "Bench User \(index)",
            "emails": [["primary": true, "type": "work", "value": name]],
            "name": ["formatted": "Bench User \(index)", "familyName": "User \(index)", "givenName": "Bench"],
        ]
    }

    static func group(prefix: String, _ name: String, members: [String] = []) -> [String: Any] {
        var body: [String: Any] = [
            "schemas": [groupSchema], "externalId": "\(prefix)-\(name)", "displayName": "\(prefix)-\(name)",
        ]
        if !members.isEmpty { body["members"] = members.map { ["value": $0] } }
        return body
    }

    /// RFC 7644 §3.5.2; Entra replaces `active` with the string "False".
    static func deactivateAndRename(_ displayName: String) -> [String: Any] {
        patch([
            ["op": "Replace", "path": "active", "value": "False"],
            ["op": "Replace", "path": "displayName", "value": displayName],
        ])
    }

    static func addMembers(_ ids: some Sequence<String>) -> [String: Any] {
        patch([["op": "Add", "path": "members", "value": ids.map { ["value": $0] }]])
    }

    static func removeMembers(_ ids: some Sequence<String>) -> [String: Any] {
        patch([["op": "Remove", "path": "members", "value": ids.map { ["value": $0] }]])
    }

    /// A BulkRequest creating users `range` (RFC 7644 §3.7), bulkId `u<index>`.
    static func bulkCreate(prefix: String, _ range: Range<Int>) -> [String: Any] {
        [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "Operations": range.map { index in
                ["method": "POST", "path": "/Users", "bulkId": "u\(index)", "data": user(prefix: prefix, index)] as [String: Any]
            },
        ]
    }

    private static func patch(_ operations: [[String: Any]]) -> [String: Any] {
        ["schemas": [patchSchema], "Operations": operations]
    }
}
