import Foundation
import HTTPTypes
import SCIM

extension HostileCatalogue {
    // MARK: Filters

    static let filterTokens = [
        "userName", "emails", "emails.value", "name.givenName", "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr",
        "and", "or", "not", "(", ")", "[", "]", "\"x\"", "\"", "true", "null", "42", ".", "value", ":", "\\", "urn:ietf:params:scim:schemas:core:2.0:User:",
        "'single'", "==", "!", "&&", "é", "\"unterminated", "1e", "meta.", "[type eq", "\u{0}",
    ]
    static let validFilters = [
        "userName eq \"bjensen\"", "emails[type eq \"work\" and value co \"@example.com\"]", "not (active eq false)",
        "(title pr or name.givenName sw \"A\") and meta.lastModified gt \"2020-01-01T00:00:00Z\"",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"1\"",
    ]
    /// Well-formed filters that name what does not exist or compare across types: 400 invalidFilter
    /// on /Users (RFC 7644 §3.4.2.2), where every attribute is resolved.
    static let semanticallyInvalidFilters = [
        "nope eq \"x\"", "name eq \"x\"", "active gt true", "active co true", "meta.nope eq \"x\"", "emails[nope eq \"x\"]",
        "urn:bogus:schema:2.0:User:userName eq \"x\"", "userName eq 5", "active eq \"maybe\"", "meta.lastModified gt \"yesterday\"",
        "title gt null", "name.nope pr", "emails.nope eq \"x\"", "userName[value eq \"x\"]", "members eq \"x\"",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nope eq \"x\"", "groups.nope eq \"x\"", "active lt false",
    ]

    private func parses(_ text: String) -> Bool { (try? Filter.parse(text)) != nil }

    /// Operator soup, mutated valid filters and unbalanced quotes/brackets, kept only when the
    /// parser rejects them, sent as query parameters and as `/.search` bodies.
    mutating func invalidFilters(count: Int) -> [HostileRequest] {
        var texts: [String] = []
        while texts.count < count {
            var text: String
            if rng.chance(50) {
                text = (0..<rng.int(1..<12)).map { _ in rng.pick(Self.filterTokens) }.joined(separator: rng.chance(80) ? " " : "")
            } else {
                var chars = Array(rng.pick(Self.validFilters))
                switch rng.int(0..<4) {
                case 0: chars.remove(at: rng.int(0..<chars.count))
                case 1: chars.insert(rng.pick(Array("()[]\"\\ .:")), at: rng.int(0..<chars.count))
                case 2: chars = Array(chars.prefix(rng.int(1..<chars.count)))
                default: chars.append(contentsOf: rng.pick([" and", " or (", ")", "]", " pr", " eq", " \"x"]))
                }
                text = String(chars)
            }
            if !parses(text) { texts.append(text) }
        }
        texts += ["", " ", "%", "()", "[]", "not", "userName eq \"a\" and", "\"userName\" eq \"x\""].filter { !parses($0) }
        var out: [HostileRequest] = []
        for (i, text) in texts.enumerated() {
            let request: HostileRequest =
                switch i % 4 {
                case 0: HostileRequest("filter syntax", .get, "Users?filter=" + Self.encode(text), scimType: "invalidFilter")
                case 1: HostileRequest("filter syntax", .get, "Groups?filter=" + Self.encode(text), scimType: "invalidFilter")
                case 2: HostileRequest("filter syntax", .post, "Users/.search", json: ["filter": .string(text)], scimType: "invalidFilter")
                default:
                    HostileRequest(
                        "filter syntax", .post, ".search", json: ["schemas": [.string(Self.searchURN)], "filter": .string(text)],
                        scimType: "invalidFilter")
                }
            out.append(request)
        }
        for text in Self.semanticallyInvalidFilters {
            out.append(HostileRequest("filter semantics", .get, "Users?filter=" + Self.encode(text), scimType: "invalidFilter"))
            out.append(HostileRequest("filter semantics", .post, "Users/.search", json: ["filter": .string(text)], scimType: "invalidFilter"))
        }
        // Broken percent-encoding, and a filter that is not a string.
        for raw in ["%ZZ", "%", "%E", "userName%20eq%20%22a", "%FF%FE", "%C3%28", "%00"] {
            out.append(HostileRequest("filter encoding", .get, "Users?filter=\(raw)"))
        }
        out.append(HostileRequest("filter type", .post, "Users/.search", json: ["filter": 5], scimType: "invalidFilter"))
        out.append(HostileRequest("filter type", .post, ".search", json: ["filter": ["userName pr"]], scimType: "invalidFilter"))
        return out
    }

    // MARK: PATCH

    static let badPatchPaths: [SCIMValue] = [
        "", ".", "[]", "emails[", "emails[type eq]", "emails[type eq \"work\"", "emails]", "name..givenName", "name.", ".name",
        "urn:", "urn:bogus:schema:attr", "unknownAttr", "emails[type eq \"work\"].nope", "nope.value", "userName[value eq \"x\"]",
        "emails[value eq \"x\"][type eq \"y\"]", "a b", "emails[type zz \"x\"]", "name.givenName.extra", "\"quoted\"",
        "emails[type eq \"work\"]]", 5, true, ["title"], "meta.created", "id", "meta", "groups",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nope", "urn:scimd:params:scim:schemas:extension:2.0:User:roles",
    ]
    static let badOps: [SCIMValue] = ["delete", "move", "copy", "test", "", "ADD ", "re place", 5, .null, true, ["add"], ["op": "add"]]

    /// Unknown ops, broken and forbidden paths, malformed envelopes; a valid operation before the
    /// bad one must not be applied either (RFC 7644 §3.5.2: all or nothing).
    mutating func invalidPatches(count: Int) -> [HostileRequest] {
        let valid: SCIMValue = ["op": "replace", "path": "title", "value": "should-not-stick"]
        var out: [HostileRequest] = []
        for i in 0..<count {
            let bad: SCIMValue
            switch rng.int(0..<4) {
            case 0: bad = ["op": rng.pick(Self.badOps), "path": "title", "value": "x"]
            case 1: bad = ["op": .string(rng.pick(["add", "replace", "Replace"])), "path": rng.pick(Self.badPatchPaths), "value": "x"]
            case 2: bad = ["op": "remove", "path": rng.pick(Self.badPatchPaths)]
            default: bad = rng.pick([["op": "remove"], ["path": "title", "value": "x"], ["op": "add", "path": "title"], ["op": "remove", "path": "userName"], 5, "add", .null])
            }
            var operations: [SCIMValue] = rng.chance(40) ? [valid, bad] : [bad]
            if rng.chance(10) { operations.shuffle(using: &rng) }
            let body: SCIMValue = ["schemas": [.string(Self.patchURN)], "Operations": .array(operations)]
            let target = i % 5 == 0 ? "Groups/\(groupID)" : "Users/\(userID)"
            out.append(HostileRequest("PATCH op/path", .patch, target, json: body))
        }
        let envelopes: [SCIMValue] = [
            ["schemas": [.string(Self.patchURN)]], ["schemas": [.string(Self.patchURN)], "Operations": "x"],
            ["schemas": [.string(Self.patchURN)], "Operations": [:]], ["schemas": [.string(Self.patchURN)], "Operations": []],
            ["schemas": [.string(Self.patchURN)], "Operations": .null], ["schemas": ["urn:wrong"], "Operations": [valid]],
            ["schemas": 5, "Operations": [valid]], ["schemas": [5], "Operations": [valid]], [], "x", 5, .null,
            ["schemas": [.string(Self.patchURN)], "Operations": .array(Array(repeating: valid, count: 1_001))],
            ["schemas": [.string(Self.patchURN)], "Operations": [["op": "add", "path": "members", "value": 5]]],
        ]
        for envelope in envelopes {
            out.append(HostileRequest("PATCH envelope", .patch, "Users/\(userID)", json: envelope))
            out.append(HostileRequest("PATCH envelope", .patch, "Groups/\(groupID)", json: envelope))
        }
        // Value filters in PATCH paths that parse but cannot apply.
        for path in ["emails[type gt true].value", "emails[nope eq \"x\"].value", "emails[value eq 5]", "members[value eq 5]",
            "emails[type eq \"work\" and]", "emails[not]", "emails[type eq \"work\"].value.extra", "name[givenName eq \"x\"]"]
        {
            for op in ["add", "replace", "remove"] {
                out.append(HostileRequest(
                    "PATCH value filter", .patch, "Users/\(userID)",
                    json: ["schemas": [.string(Self.patchURN)], "Operations": [["op": .string(op), "path": .string(path), "value": "v@example.com"]]]))
            }
        }
        for path in ["members[value eq 5]", "members[type gt true]", "members[nope eq \"x\"]", "members[value eq \"x\""] {
            out.append(HostileRequest(
                "PATCH value filter", .patch, "Groups/\(groupID)",
                json: ["schemas": [.string(Self.patchURN)], "Operations": [["op": "remove", "path": .string(path)]]]))
        }
        for members: SCIMValue in [5, "x", [["nope": 1]], [["value": 5]], [5], ["value": .null]] {
            out.append(HostileRequest(
                "PATCH members", .patch, "Groups/\(groupID)",
                json: ["schemas": [.string(Self.patchURN)], "Operations": [["op": "add", "path": "members", "value": members]]]))
        }
        return out
    }

    // MARK: Schemas

    mutating func unknownSchemas() -> [HostileRequest] {
        var out: [HostileRequest] = []
        let urns = ["urn:bogus:User", "urn:ietf:params:scim:schemas:core:2.0:Nope", "urn:ietf:params:scim:schemas:core:1.0:User", "x", ""]
        for urn in urns {
            out.append(HostileRequest("schemas", .post, "Users", json: ["schemas": [.string(urn)], "userName": .string(freshName())]))
            out.append(HostileRequest("schemas", .put, "Users/\(userID)", json: ["schemas": [.string(urn)], "userName": .string(userName)]))
            out.append(HostileRequest("schemas", .post, "Groups", json: ["schemas": [.string(urn)], "displayName": .string(freshName())]))
            // An extension object under a URN the resource type does not have.
            let ext = "urn:bogus:ext:\(urn.count):User"
            out.append(HostileRequest(
                "schemas", .post, "Users",
                json: ["schemas": [.string(Self.userURN), .string(ext)], "userName": .string(freshName()), ext: ["a": 1]]))
            out.append(HostileRequest("schemas", .post, "Users/.search", json: ["schemas": [.string(urn)], "filter": "userName pr"]))
            out.append(HostileRequest("schemas", .post, "Bulk", json: ["schemas": [.string(urn)], "Operations": []]))
        }
        // (A lone URN string is accepted on purpose: the multi-valued leniency.)
        for schemas: SCIMValue in [[], "urn:bogus:User", [5], ["a": 1], [.string(Self.groupURN)], .null, 5] {
            out.append(HostileRequest("schemas", .post, "Users", json: ["schemas": schemas, "userName": .string(freshName())]))
        }
        out.append(HostileRequest("schemas", .post, "Groups", json: ["schemas": [.string(Self.userURN)], "displayName": .string(freshName())]))
        return out
    }

    // MARK: Paging and sorting

    mutating func invalidPaging() -> [HostileRequest] {
        var out: [HostileRequest] = []
        let sortBys = ["nope", "name", "emails[", "[]", "urn:bogus:x", "name.nope", "members", "emails[type eq \"work\"", "a b", "."]
        let orders = ["sideways", "up", "1", "asc", "descending!", "DESC"]
        let numbers = ["abc", "1.5", "", "1e3", "0x10", "99999999999999999999999", "--1", "1 2", "+-3"]
        for endpoint in ["Users", "Groups"] {
            for s in sortBys where !(endpoint == "Groups" && s == "members") {
                out.append(HostileRequest("sortBy", .get, "\(endpoint)?sortBy=" + Self.encode(s)))
                out.append(HostileRequest("sortBy", .post, "\(endpoint)/.search", json: ["sortBy": .string(s)]))
            }
            for o in orders {
                out.append(HostileRequest("sortOrder", .get, "\(endpoint)?sortBy=id&sortOrder=" + Self.encode(o)))
            }
            for n in numbers {
                out.append(HostileRequest("startIndex", .get, "\(endpoint)?startIndex=" + Self.encode(n)))
                out.append(HostileRequest("count", .get, "\(endpoint)?count=" + Self.encode(n)))
                out.append(HostileRequest("count", .post, "\(endpoint)/.search", json: ["count": .string(n)]))
            }
            let bodies: [SCIMValue] = [
                ["startIndex": true], ["count": 1.5], ["count": [1]], ["sortBy": 5], ["sortOrder": 5], ["attributes": 5],
                ["attributes": [5]], ["excludedAttributes": ["a": 1]], ["startIndex": .null, "count": "many"],
            ]
            for body in bodies { out.append(HostileRequest("search body", .post, "\(endpoint)/.search", json: body)) }
            for raw in ["{\"count\":1e400}", "{\"startIndex\":99999999999999999999999}", "{\"count\":-0.0}", "{\"count\":1E2}"] {
                out.append(HostileRequest("search body", .post, "\(endpoint)/.search", body: Array(raw.utf8)))
            }
            // Extremes that are legal: clamped, never an overflow.
            for query in ["startIndex=\(Int.max)", "count=\(Int.max)", "startIndex=\(Int.min)&count=\(Int.min)",
                "startIndex=\(Int.max)&count=\(Int.max)&sortBy=meta.lastModified&sortOrder=descending"]
            {
                out.append(HostileRequest("paging extremes", .get, "\(endpoint)?\(query)", expect: .notServerError))
            }
            out.append(HostileRequest(
                "paging extremes", .post, ".search", json: ["startIndex": .integer(Int.max), "count": .integer(Int.max)],
                expect: .notServerError))
            // Projections naming nothing or malformed paths.
            for list in ["emails[", "urn:bogus:x", "name..givenName", "[]", ",,,", "emails[type eq \"work\"]", String(repeating: "a,", count: 5_000)] {
                out.append(HostileRequest("projection", .get, "\(endpoint)?attributes=" + Self.encode(list), expect: .notServerError))
                out.append(HostileRequest(
                    "projection", .get, "\(endpoint)/\(endpoint == "Users" ? userID : groupID)?excludedAttributes=" + Self.encode(list),
                    expect: .notServerError))
            }
        }
        return out
    }
}
