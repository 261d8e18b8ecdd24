import Foundation
import HTTPTypes
import SCIM

extension HostileCatalogue {
    // MARK: Headers

    /// Wrong media types (415), garbage credentials (401), stale or malformed If-Match (412).
    mutating func badHeaders(token: String) -> [HostileRequest] {
        var out: [HostileRequest] = []
        let types = [
            "text/plain", "application/xml", "text/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/scim+xml", "application/jsonp", "json", "*/*", "application/scim+json+x", "", "application", ";charset=utf-8",
        ]
        let writes: [(HTTPRequest.Method, String, SCIMValue)] = [
            (.post, "Users", validUser()), (.put, "Users/\(userID)", validUser(userName)), (.patch, "Users/\(userID)", validPatch()),
            (.post, "Users/.search", validSearch()), (.post, ".search", validSearch()),
            (.post, "Bulk", ["schemas": [.string(Self.bulkURN)], "Operations": []]),
            (.post, "Groups", ["schemas": [.string(Self.groupURN)], "displayName": .string(freshName())]),
        ]
        for type in types {
            for (method, path, body) in writes {
                out.append(HostileRequest("Content-Type", method, path, json: body, headers: [.contentType: type], expect: .error([415])))
            }
        }
        var credentials = [
            "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer wrong-token", "Bearer \(token)x", "Token \(token)", "Digest username=x",
            "Bearer \(token) extra", "Bearer \(String(repeating: "a", count: 5_000))", token, "NTLM TlRMTVNTUAAB", "Bearer ${token}",
            "Bearer \(String(token.dropLast()))", "Bearer \(token.uppercased() == token ? token.lowercased() : token.uppercased())",
            "Bearer null", "Bearer \"\(token)\"", "Bearer,\(token)",
        ]
        for _ in 0..<8 {
            credentials.append(String((0..<rng.int(1..<60)).map { _ in Character(UnicodeScalar(UInt8(rng.int(33..<127)))) }))
        }
        let targets: [(HTTPRequest.Method, String, SCIMValue?)] = [
            (.get, "Users", nil), (.get, "Users/\(userID)", nil), (.post, "Users", validUser()), (.patch, "Users/\(userID)", validPatch()),
            (.delete, "Users/\(userID)", nil), (.post, "Bulk", ["schemas": [.string(Self.bulkURN)], "Operations": []]),
            (.post, ".search", validSearch()), (.get, "Groups?filter=displayName%20pr", nil), (.delete, "Groups/\(groupID)", nil),
        ]
        for (i, credential) in credentials.enumerated() {
            for (j, (method, path, body)) in targets.enumerated() where (i + j) % 2 == 0 || body == nil {
                out.append(HostileRequest(
                    "Authorization", method, path, body: body?.serialized(), headers: [.authorization: credential],
                    expect: .error([401])))
            }
        }
        for (method, path, body) in targets {
            out.append(HostileRequest("Authorization", method, path, body: body?.serialized(), omitAuthorization: true, expect: .error([401])))
        }
        let ifMatches = [
            "W/\"\(version + 1_000)\"", "\"\(version + 7)\"", "garbage", "W/", "W/\"\"", "\"\"", "W/\"abc\"", "W/\"9999\", W/\"8888\"",
            "W/\"\(version)x\"", "W/\"-1\"",
        ]
        for value in ifMatches {
            let changed: SCIMValue = ["schemas": [.string(Self.userURN)], "userName": .string(userName), "title": "stale write"]
            out.append(HostileRequest("If-Match", .put, "Users/\(userID)", json: changed, headers: [.ifMatch: value], expect: .error([412])))
            out.append(HostileRequest("If-Match", .patch, "Users/\(userID)", json: validPatch(), headers: [.ifMatch: value], expect: .error([412])))
            out.append(HostileRequest("If-Match", .delete, "Users/\(userID)", headers: [.ifMatch: value], expect: .error([412])))
            out.append(HostileRequest("If-Match", .delete, "Groups/\(groupID)", headers: [.ifMatch: value], expect: .error([412])))
        }
        return out
    }

    // MARK: Routes and methods

    mutating func unknownRoutes() -> [HostileRequest] {
        var out: [HostileRequest] = []
        let missing = ["/scim/v2/Nope", "/scim/v2/Users/\(userID)/extra", "/scim/v2/Users/a/b/c", "/scim/v2", "/scim/v3/Users", "/Users", "/",
            "/scim", "/scim/v2/Users/\(UUID().uuidString)", "/scim/v2/Groups/\(UUID().uuidString)", "/scim/v2/Schemas/urn:bogus",
            "/scim/v2/ResourceTypes/Nope", "/scim/v2/..%2F..%2Fetc%2Fpasswd", "/scim/v2/Users/..", "/scim/v2/Users/%00",
            "/scim/v2/Groups/\(userID)", "/scim/v2/Users/\(groupID)", "/scim/v2/Users/%FF%FE", "/scim/v2/Bulk/1", "/scim/v2/.search/x"]
        for path in missing { out.append(HostileRequest("route", .get, path, expect: .error([404]))) }
        for path in ["/scim/v2/Users/\(UUID().uuidString)", "/scim/v2/Groups/\(UUID().uuidString)"] {
            out.append(HostileRequest("route", .delete, path, expect: .error([404])))
            out.append(HostileRequest("route", .put, path, json: validUser(freshName()), expect: .error([404])))
            out.append(HostileRequest("route", .patch, path, json: validPatch(), expect: .error([404])))
        }
        let wrongMethods: [(HTTPRequest.Method, String)] = [
            (.put, "Users"), (.delete, "Users"), (.patch, "Users"), (.post, "Users/\(userID)"), (.put, "Groups"), (.delete, "Groups"),
            (.post, "Groups/\(groupID)"), (.get, "Bulk"), (.delete, "Bulk"), (.get, ".search"), (.get, "Users/.search"),
            (.post, "ServiceProviderConfig"), (.delete, "Schemas"), (.put, "ResourceTypes"), (.patch, "Schemas/\(Self.userURN)"),
        ]
        for (method, path) in wrongMethods {
            out.append(HostileRequest("method", method, path, body: method == .get || method == .delete ? nil : validUser().serialized(), expect: .error([405])))
        }
        for method in [HTTPRequest.Method.options, HTTPRequest.Method("PURGE")!] {
            out.append(HostileRequest("method", method, "Users", expect: .error([404, 405])))
        }
        out.append(HostileRequest("method", .post, "/health", expect: .error([404, 405])))
        out.append(HostileRequest("method", .delete, "/metrics", expect: .error([404, 405])))
        return out
    }

    // MARK: Bulk

    /// Well-formed bulk requests whose every operation is bad (200, each operation 4xx), and
    /// bulk envelopes that are themselves malformed (a SCIM error).
    mutating func garbageBulk(count: Int) -> [HostileRequest] {
        var out: [HostileRequest] = []
        for i in 0..<count {
            let operations: [SCIMValue] = (0..<rng.int(1..<9)).map { j in badBulkOperation("b\(i)-\(j)") }
            var body: SCIMObject = ["schemas": [.string(Self.bulkURN)], "Operations": .array(operations)]
            if rng.chance(30) { body["failOnErrors"] = .integer(rng.int(1..<5)) }
            out.append(HostileRequest("bulk operations", .post, "Bulk", json: .object(body), expect: .bulkAllFailed))
        }
        let valid: SCIMValue = ["method": "DELETE", "path": .string("/Users/\(UUID().uuidString)")]
        let envelopes: [(SCIMValue, Set<Int>)] = [
            (["schemas": [.string(Self.bulkURN)], "Operations": "x"], [400]), (["schemas": [.string(Self.bulkURN)]], [400]),
            (["schemas": [.string(Self.bulkURN)], "Operations": [:]], [400]), (["Operations": [valid], "schemas": ["urn:bogus"]], [400]),
            (["schemas": [.string(Self.bulkURN)], "Operations": [valid], "failOnErrors": 0], [400]),
            (["schemas": [.string(Self.bulkURN)], "Operations": [valid], "failOnErrors": "x"], [400]),
            (["schemas": [.string(Self.bulkURN)], "Operations": [valid], "failOnErrors": -1], [400]),
            (["schemas": [.string(Self.bulkURN)], "Operations": .array(Array(repeating: valid, count: 1_001))], [413]),
            ([valid], [400]), ("Operations", [400]), (.null, [400]),
        ]
        for (body, statuses) in envelopes {
            out.append(HostileRequest("bulk envelope", .post, "Bulk", json: body, expect: .error(statuses)))
        }
        return out
    }

    private mutating func badBulkOperation(_ bulkID: String) -> SCIMValue {
        let user = Self.userURN
        let options: [SCIMValue] = [
            5, "x", .null, [], [:], ["method": "GET", "path": "/Users"], ["method": 5, "path": "/Users"],
            ["method": "POST", "path": "/Users", "data": validUser()],
            ["method": "POST", "bulkId": .string(bulkID), "path": "/Nope", "data": validUser()],
            ["method": "POST", "bulkId": .string(bulkID), "path": "/Users"],
            ["method": "POST", "bulkId": .string(bulkID), "path": "/Users", "data": ["schemas": [.string(user)], "userName": true]],
            ["method": "POST", "bulkId": .string(bulkID), "path": "/Users", "data": ["schemas": [.string(user)], "userName": "bulkId:undefined"]],
            ["method": "DELETE", "path": .string("/Users/\(UUID().uuidString)")], ["method": "DELETE", "path": "/Users"],
            ["method": "PUT", "path": .string("/Users/\(userID)"), "data": ["schemas": [.string(user)], "userName": true]],
            ["method": "PATCH", "path": .string("/Users/\(userID)"), "data": ["Operations": [["op": "bogus"]]]],
            ["method": "PATCH", "path": .string("/Users/\(userID)"), "version": "W/\"9999\"", "data": validPatch()],
            ["method": "PUT", "path": .string("/Groups/\(groupID)"), "data": ["schemas": [.string(Self.groupURN)], "displayName": false]],
            ["method": "POST", "bulkId": .string(bulkID), "path": "/Groups", "data": ["schemas": [.string(Self.groupURN)], "displayName": [1, 2]]],
            ["method": "DELETE", "path": .string("/Users/\(userID)/extra")], ["method": "PATCH", "path": 5, "data": validPatch()],
            ["method": "post", "bulkId": .string(bulkID), "path": "/Users", "data": ["userName": .null]],
            ["method": "DELETE", "path": .string("/Groups/\(groupID)"), "version": "W/\"0\""],
        ]
        return rng.pick(options)
    }
}
