import Foundation
import HTTPTypes
import SCIM

// Shared fixtures for the HTTP integration tests: query strings, the request bodies identity
// providers send, and readers for the parts of a response the tests look at.

// MARK: Requests

extension SCIMTestClient {
    static let listSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    static let errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"
    static let searchSchema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
    static let bulkRequestSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    /// The legacy URI Microsoft's documented group create still lists in `schemas`.
    static let legacyADGroupSchema =
        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"

    /// `path?name=value&…` with every value percent-encoded (spaces as %20, quotes as %22).
    static func query(_ path: String, _ parameters: KeyValuePairs<String, String>) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = parameters.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)" }
        return "\(path)?\(pairs.joined(separator: "&"))"
    }

    /// `GET path?filter=…` (plus any other parameters), sent with `token` when given.
    func list(
        _ path: String, filter: String? = nil, _ parameters: KeyValuePairs<String, String> = [:],
        token: String? = nil
    )
        async throws -> SCIMTestResponse
    {
        var all: [(String, String)] = parameters.map { ($0.key, $0.value) }
        if let filter { all.insert(("filter", filter), at: 0) }
        // Every value percent-encoded: spaces as %20, quotes as %22.
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let query = all.map {
            "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)"
        }
        return try await request(
            .get, query.isEmpty ? path : "\(path)?\(query.joined(separator: "&"))", token: token)
    }

    /// A PatchOp request body.
    static func patchBody(_ operations: [SCIMValue]) -> SCIMValue {
        ["schemas": [.string(patchSchema)], "Operations": .array(operations)]
    }

    /// PATCH with another tenant's token (the plain `patch` always uses this client's token).
    func patch(_ path: String, _ operations: [SCIMValue], token: String, headers: HTTPFields = [:])
        async throws
        -> SCIMTestResponse
    {
        try await request(
            .patch, path, json: Self.patchBody(operations), headers: headers, token: token)
    }

    /// The ids of a group's members, read back over HTTP.
    func memberIDs(ofGroup id: String) async throws -> [String] {
        try await request(.get, "Groups/\(id)").memberIDs
    }

    /// Headers holding a single field.
    static func header(_ name: HTTPField.Name, _ value: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[name] = value
        return fields
    }

    /// A `POST /Bulk` body.
    static func bulkBody(_ operations: [SCIMValue], failOnErrors: Int? = nil) -> SCIMValue {
        var body: SCIMObject = [
            "schemas": [.string(bulkRequestSchema)], "Operations": .array(operations),
        ]
        if let failOnErrors { body["failOnErrors"] = .integer(failOnErrors) }
        return .object(body)
    }
}

// MARK: Identity-provider bodies

/// Request bodies as Microsoft Entra ID sends them (learn.microsoft.com, "Tutorial: Develop and
/// plan provisioning for a SCIM endpoint", §"User operations" / "Group operations").
enum EntraBodies {
    /// Create User with the enterprise extension, a primary work email, a name and a manager.
    static func user(
        userName: String, externalId: String, managerID: String? = nil, department: String = "Sales"
    )
        -> SCIMValue
    {
        var enterprise: SCIMObject = ["department": .string(department), "employeeNumber": "1001"]
        if let managerID { enterprise["manager"] = ["value": .string(managerID)] }
        return [
            "schemas": [.string(SCIMTestClient.userSchema), .string(SCIMTestClient.enterpriseSchema)],
            "externalId": .string(externalId),
            "userName": .string(userName),
            "active": true,
            "displayName": "Test User",
            "emails": [["primary": true, "type": "work", "value": .string(userName)]],
            "meta": ["resourceType": "User"],
            "name": [
                "formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName",
            ],
            "roles": [],
            SCIMTestClient.enterpriseSchema: .object(enterprise),
        ]
    }

    /// Create Group: Entra lists the legacy AD schema URI and may send no members.
    static func group(displayName: String, externalId: String, legacySchema: Bool = true) -> SCIMValue {
        var schemas: [SCIMValue] = [.string(SCIMTestClient.groupSchema)]
        if legacySchema { schemas.append(.string(SCIMTestClient.legacyADGroupSchema)) }
        return [
            "schemas": .array(schemas), "externalId": .string(externalId),
            "displayName": .string(displayName),
            "members": [], "meta": ["resourceType": "Group"],
        ]
    }

    /// `{"op":"Add","path":"members","value":[{"$ref":null,"value":id}]}`, Entra's member add.
    static func addMembers(_ ids: [String]) -> SCIMValue {
        [
            "op": "Add", "path": "members",
            "value": .array(ids.map { ["$ref": nil, "value": .string($0)] }),
        ]
    }

    /// `{"op":"Remove","path":"members","value":[{"$ref":null,"value":id}]}`, Entra's member removal.
    static func removeMembers(_ ids: [String]) -> SCIMValue {
        [
            "op": "Remove", "path": "members",
            "value": .array(ids.map { ["$ref": nil, "value": .string($0)] }),
        ]
    }
}

// MARK: Reading responses

extension SCIMTestResponse {
    /// The `ETag` header.
    var etag: String? { headers[.eTag] }
    /// `meta.version` of the resource in the body.
    var version: String? { json?["meta"]?["version"]?.stringValue }
    /// `meta.location` of the resource in the body.
    var location: String? { json?["meta"]?["location"]?.stringValue }
    /// The error `detail`.
    var detail: String { json?["detail"]?.stringValue ?? "" }
    /// The ids in `members`.
    var memberIDs: [String] {
        (json?["members"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }
    }
    /// The ids of the resources of a ListResponse, in order.
    var resourceIDs: [String] { resources.compactMap { $0["id"]?.stringValue } }
    /// The `userName`s of the resources of a ListResponse, in order.
    var userNames: [String] { resources.compactMap { $0["userName"]?.stringValue } }
    /// An integer member of the body.
    func int(_ key: String) -> Int? {
        if case .integer(let n)? = json?[key] { return n }
        return nil
    }
    /// The enterprise extension object.
    var enterprise: SCIMValue? { json?[SCIMTestClient.enterpriseSchema] }
}
