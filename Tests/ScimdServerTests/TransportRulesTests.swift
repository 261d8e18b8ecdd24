import Foundation
import HTTPTypes
import SCIM
import ScimdServer
import Testing

/// Rules around the resource endpoints over HTTP: authentication (requirements §3), body limits and
/// media types, discovery (RFC 7644 §4) and `/Bulk` (RFC 7644 §3.7).
@Suite("Protocol rules: authentication, bodies, discovery, bulk")
struct TransportRulesTests {
    // MARK: Authentication

    enum Credential: String, CaseIterable, Sendable { case missing, wrong, revoked, basic }

    @Test(
        "a missing, wrong, revoked or non-bearer credential gets 401 with WWW-Authenticate: Bearer",
        arguments: Credential.allCases)
    func unauthorized(_ credential: Credential) async throws {
        try await TestServer.run { scim in
            var headers = HTTPFields()
            switch credential {
            case .missing: headers[.authorization] = nil
            case .wrong: headers[.authorization] = "Bearer \(scim.token)x"
            case .basic:
                headers[.authorization] = "Basic \(Data("admin:\(scim.token)".utf8).base64EncodedString())"
            case .revoked:
                let issued = try await scim.services.tokenAdministration.createToken(name: "to-revoke")
                #expect(try await scim.request(.get, "Users", token: issued.secret).status == 200)
                _ = try await scim.services.tokenAdministration.revokeToken(id: issued.record.id)
                headers[.authorization] = "Bearer \(issued.secret)"
            }
            for (method, path) in [
                (HTTPRequest.Method.get, "Users"), (.post, "Users"), (.get, "Groups/any"), (.post, "Bulk"),
            ] {
                let response = try await scim.request(
                    method, path,
                    json: method == .post
                        ? ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "x"] : nil,
                    headers: headers, token: "")
                #expect(response.status == 401, "\(method) \(path)")
                #expect(response.isSCIMError)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            #expect(try await scim.list("Users").totalResults == 0)
        }
    }

    @Test("the Bearer scheme matches in any letter case, and spaces or tabs around the secret are ignored")
    func bearerSpelling() async throws {
        try await TestServer.run { scim in
            for header in ["bearer \(scim.token)", "BEARER  \(scim.token)", "Bearer \t\(scim.token)\t"] {
                var headers = HTTPFields()
                headers[.authorization] = header
                let status = try await scim.request(.get, "Users", headers: headers, token: "").status
                #expect(status == 200, "\(header)")
            }
            var glued = HTTPFields()
            glued[.authorization] = "Bearer\t\(scim.token)"  // the scheme ends at a space only
            let status = try await scim.request(.get, "Users", headers: glued, token: "").status
            #expect(status == 401)
        }
    }

    // MARK: Bodies

    static func smallBodies(_ configuration: inout ServerConfiguration) { configuration.maxBodyBytes = 600 }

    @Test("a body over the configured limit gets 413; one under it is accepted")
    func payloadTooLarge() async throws {
        try await TestServer.run(configure: Self.smallBodies) { scim in
            let small = try await scim.createUser("small@example.com")
            #expect(small.status == 201)
            let big = String(repeating: "x", count: 700)
            let refused = try await scim.createUser(
                "big@example.com", extra: ["displayName": .string(big)])
            #expect(refused.status == 413)
            #expect(refused.isSCIMError)
            let patch = try await scim.patch(
                "Users/\(small.id)", [["op": "replace", "path": "displayName", "value": .string(big)]])
            #expect(patch.status == 413)
            let bulk = try await scim.request(.post, "Bulk", body: "{\"pad\":\"\(big)\"}")
            #expect(bulk.status == 413)
            #expect(try await scim.list("Users").totalResults == 1)
            #expect(
                try await scim.request(.get, "ServiceProviderConfig")["bulk"]?["maxPayloadSize"] == 600)
        }
    }

    @Test("a media type with parameters, spaces or capitals is still application/scim+json")
    func mediaTypeSpelling() async throws {
        try await TestServer.run { scim in
            for (n, contentType) in ["application/scim+json; charset=utf-8", "Application/SCIM+JSON ;charset=utf-8", "application/json ; q=1"].enumerated() {
                let body: SCIMValue = ["schemas": [.string(SCIMTestClient.userSchema)], "userName": .string("media\(n)@example.com")]
                let response = try await scim.request(.post, "Users", json: body, contentType: contentType)
                #expect(response.status == 201, "\(contentType)")
            }
        }
    }

    @Test("a body sent as text/plain gets 415", arguments: [HTTPRequest.Method.post, .put, .patch])
    func unsupportedMediaType(_ method: HTTPRequest.Method) async throws {
        try await TestServer.run { scim in
            let user = try await scim.createUser("media@example.com")
            let body: SCIMValue =
                method == .patch
                ? SCIMTestClient.patchBody([["op": "replace", "path": "displayName", "value": "Plain"]])
                : [
                    "schemas": [.string(SCIMTestClient.userSchema)], "userName": "media@example.com",
                    "displayName": "Plain",
                ]
            let response = try await scim.request(
                method, method == .post ? "Users" : "Users/\(user.id)", json: body,
                contentType: "text/plain")
            #expect(response.status == 415)
            #expect(response.isSCIMError)
            #expect(try await scim.request(.get, "Users/\(user.id)")["displayName"] == nil)
        }
    }

    // MARK: Discovery

    static let discovery = [
        "ServiceProviderConfig", "ResourceTypes", "ResourceTypes/User", "ResourceTypes/Group",
        "Schemas",
        "Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
        "Schemas/urn:ietf:params:scim:schemas:core:2.0:Group",
        "Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ]

    @Test("discovery endpoints answer GET with 200 and writes with 405", arguments: discovery)
    func discoveryEndpoint(_ path: String) async throws {
        try await TestServer.run { scim in
            let read = try await scim.request(.get, path)
            #expect(read.status == 200)
            #expect(read.headers[.contentType]?.hasPrefix("application/scim+json") == true)
            let schemas = read["schemas"]?.arrayValue ?? []
            #expect(!schemas.isEmpty)
            if path.contains("/") {
                #expect(read["id"] == .string(String(path.split(separator: "/", maxSplits: 1)[1])))
            } else if path != "ServiceProviderConfig" {
                #expect(schemas == [.string(SCIMTestClient.listSchema)])
                #expect(read.totalResults >= 2)
            }
            for method in [HTTPRequest.Method.post, .put, .patch, .delete] {
                let write = try await scim.request(method, path, token: "")
                #expect(write.status == 405, "\(method) \(path)")
                #expect(write.isSCIMError)
            }
        }
    }

    @Test(
        "an unknown schema, resource type or endpoint gets a SCIM 404",
        arguments: [
            "Schemas/urn:example:nothing", "ResourceTypes/Device", "Devices", UUID().uuidString,
        ])
    func unknownDiscovery(_ path: String) async throws {
        try await TestServer.run { scim in
            let response = try await scim.request(.get, path)
            #expect(response.status == 404)
            #expect(response.isSCIMError)
        }
    }

    // MARK: Bulk

    @Test("/Bulk resolves bulkId references: a group created with member bulkId:u1")
    func bulkReferences() async throws {
        try await TestServer.run { scim in
            let body = SCIMTestClient.bulkBody([
                [
                    "method": "POST", "path": "/Users", "bulkId": "u1",
                    "data": [
                        "schemas": [.string(SCIMTestClient.userSchema)], "userName": "bulk@example.com",
                    ],
                ],
                [
                    "method": "POST", "path": "/Groups", "bulkId": "g1",
                    "data": [
                        "schemas": [.string(SCIMTestClient.groupSchema)], "displayName": "Bulk",
                        "members": [["value": "bulkId:u1"]],
                    ],
                ],
                [
                    "method": "PATCH", "path": "/Users/bulkId:u1",
                    "data": SCIMTestClient.patchBody([["op": "replace", "path": "nickName", "value": "bk"]]),
                ],
            ])
            let response = try await scim.request(.post, "Bulk", json: body)
            #expect(response.status == 200)
            #expect(response["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"])
            let operations = response["Operations"]?.arrayValue ?? []
            #expect(operations.map { $0["status"]?.stringValue } == ["201", "201", "200"])
            #expect(operations.first?["bulkId"] == "u1")

            let user = try await scim.list("Users", filter: #"userName eq "bulk@example.com""#)
            let userID = try #require(user.resourceIDs.first)
            #expect(user.resources.first?["nickName"] == "bk")
            #expect(operations.first?["location"]?.stringValue?.hasSuffix("/Users/\(userID)") == true)
            let group = try await scim.list("Groups", filter: #"displayName eq "Bulk""#)
            #expect(
                group.resources.first?["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == [
                    userID
                ])
        }
    }

    @Test(
        "/Bulk failOnErrors stops after that many errors; without it every operation runs",
        arguments: [1, nil] as [Int?])
    func bulkFailOnErrors(_ failOnErrors: Int?) async throws {
        try await TestServer.run { scim in
            try await scim.createUser("taken@example.com")
            func create(_ bulkId: String, _ userName: String) -> SCIMValue {
                [
                    "method": "POST", "path": "/Users", "bulkId": .string(bulkId),
                    "data": ["schemas": [.string(SCIMTestClient.userSchema)], "userName": .string(userName)],
                ]
            }
            let body = SCIMTestClient.bulkBody(
                [
                    create("a", "first@example.com"), create("b", "TAKEN@example.com"),
                    create("c", "after@example.com"),
                ],
                failOnErrors: failOnErrors)
            let response = try await scim.request(.post, "Bulk", json: body)
            #expect(response.status == 200)
            let operations = response["Operations"]?.arrayValue ?? []
            let statuses = operations.map { $0["status"]?.stringValue }
            #expect(statuses == (failOnErrors == nil ? ["201", "409", "201"] : ["201", "409"]))
            #expect(operations.dropFirst().first?["response"]?["scimType"] == "uniqueness")
            let after = try await scim.list("Users", filter: #"userName eq "after@example.com""#)
            #expect(after.totalResults == (failOnErrors == nil ? 1 : 0))
            #expect(try await scim.list("Users").totalResults == (failOnErrors == nil ? 3 : 2))
        }
    }

    @Test(
        "/Bulk of 300 runs in several transactions: each operation atomic, bulkId across them, failOnErrors counted across them",
        arguments: [nil, 2] as [Int?])
    func largeBulkAcrossTransactions(_ failOnErrors: Int?) async throws {
        try await TestServer.run { scim in
            try await scim.createUser("taken-50@example.com")
            try await scim.createUser("taken-150@example.com")
            var operations: [SCIMValue] = (0..<299).map { n in
                let userName = [50, 150].contains(n) ? "TAKEN-\(n)@example.com" : "bulk-\(n)@example.com"
                return [
                    "method": "POST", "path": "/Users", "bulkId": .string("u\(n)"),
                    "data": ["schemas": [.string(SCIMTestClient.userSchema)], "userName": .string(userName)],
                ]
            }
            // Far from the POST it names: another transaction by then (at most 100 operations each).
            operations.append([
                "method": "PATCH", "path": "/Users/bulkId:u5",
                "data": SCIMTestClient.patchBody([["op": "replace", "path": "nickName", "value": "last"]]),
            ])
            let response = try await scim.request(.post, "Bulk", json: SCIMTestClient.bulkBody(operations, failOnErrors: failOnErrors))
            #expect(response.status == 200)
            let statuses = (response["Operations"]?.arrayValue ?? []).map { $0["status"]?.stringValue ?? "" }
            if failOnErrors == nil {
                #expect(statuses.count == 300)
                #expect(statuses.indices.filter { statuses[$0] == "409" } == [50, 150])
                #expect(statuses.filter { $0 == "201" }.count == 297 && statuses.last == "200")
                #expect(try await scim.list("Users").totalResults == 2 + 297)
                let patched = try await scim.list("Users", filter: #"userName eq "bulk-5@example.com""#)
                #expect(patched.resources.first?["nickName"] == "last")
            } else {
                // The second error (operation 150) is the last one run.
                #expect(statuses.count == 151 && statuses.last == "409")
                #expect(try await scim.list("Users").totalResults == 2 + 149)
                #expect(try await scim.list("Users", filter: #"userName eq "bulk-151@example.com""#).totalResults == 0)
            }
        }
    }
}
