import Foundation
import HTTPTypes
import SCIM

/// Generates the hostile requests of BadInputTests, category by category, from a seed and the
/// resources created before the barrage (which every request must leave untouched).
struct HostileCatalogue {
    let userID: String
    let userName: String
    let groupID: String
    let groupName: String
    /// The user's current version number; If-Match tests use others.
    let version: Int
    let registry: SchemaRegistry
    var rng: Xorshift

    static let userURN = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let groupURN = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let patchURN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    static let searchURN = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
    static let bulkURN = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    static let enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    private var serial = 0
    /// A userName no resource has, so a create fails for the reason under test only.
    mutating func freshName() -> String {
        serial += 1
        return "hostile-\(serial)@example.com"
    }

    init(userID: String, userName: String, groupID: String, groupName: String, version: Int, registry: SchemaRegistry, seed: UInt64) {
        self.userID = userID
        self.userName = userName
        self.groupID = groupID
        self.groupName = groupName
        self.version = version
        self.registry = registry
        self.rng = Xorshift(seed: seed)
    }

    mutating func all(token: String) -> [HostileRequest] {
        var out: [HostileRequest] = []
        out += brokenJSON(count: 360)
        out += wrongTypes()
        out += hugeAndDeep()
        out += invalidFilters(count: 420)
        out += invalidPatches(count: 220)
        out += unknownSchemas()
        out += invalidPaging()
        out += badHeaders(token: token)
        out += unknownRoutes()
        out += garbageBulk(count: 60)
        return out
    }

    // MARK: Valid bodies to break

    mutating func validUser(_ name: String? = nil) -> SCIMValue {
        [
            "schemas": [.string(Self.userURN)], "userName": .string(name ?? freshName()), "active": true,
            "name": ["givenName": "Hostile", "familyName": "Input"],
            "emails": [["value": "h@example.com", "type": "work", "primary": true]],
        ]
    }

    func validPatch() -> SCIMValue {
        [
            "schemas": [.string(Self.patchURN)],
            "Operations": [["op": "replace", "path": "title", "value": "changed"], ["op": "add", "path": "nickName", "value": "n"]],
        ]
    }

    func validSearch() -> SCIMValue {
        ["schemas": [.string(Self.searchURN)], "filter": "userName sw \"a\"", "startIndex": 1, "count": 10]
    }

    // MARK: Broken JSON

    /// Truncations and mutations of valid bodies, random bytes, invalid UTF-8: each is provably
    /// not JSON (a proper prefix of an object, bytes JSON never allows), so 400 is the only answer.
    mutating func brokenJSON(count: Int) -> [HostileRequest] {
        var out: [HostileRequest] = []
        for _ in 0..<count {
            let (method, path, valid): (HTTPRequest.Method, String, SCIMValue) =
                switch rng.int(0..<7) {
                case 0: (.post, "Users", validUser())
                case 1: (.put, "Users/\(userID)", validUser(userName))
                case 2: (.patch, "Users/\(userID)", validPatch())
                case 3: (.post, "Users/.search", validSearch())
                case 4: (.post, ".search", validSearch())
                case 5: (.post, "Groups", ["schemas": [.string(Self.groupURN)], "displayName": .string(freshName())])
                default: (.post, "Bulk", ["schemas": [.string(Self.bulkURN)], "Operations": []])
                }
            var bytes = valid.serialized()
            switch rng.int(0..<9) {
            case 0: bytes = Array(bytes.prefix(rng.int(1..<bytes.count)))
            case 1:
                // Bytes that are never valid UTF-8, inside or outside a string.
                let bad: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]]
                bytes.insert(contentsOf: rng.pick(bad), at: rng.int(1..<bytes.count))
            case 2: bytes.insert(rng.pick([0x00, 0x01, 0x08, 0x1F]), at: rng.int(1..<bytes.count))
            case 3: bytes[bytes.count - 1] = UInt8(ascii: "]")
            case 4: bytes += Array(rng.pick(["x", "{", ",", "}", "]", " 1", "\"", "{}", "null"]).utf8)
            case 5: bytes.insert(contentsOf: Array(",".utf8), at: bytes.count - 1)
            case 6: bytes = Array("{'schemas':['x']}".utf8) + (rng.chance(50) ? [] : bytes)
            case 7:
                let numbers = ["01", "+1", ".5", "1.", "-", "NaN", "Infinity", "0x10", "1e", "--1", "\"\\x41\"", "\"\\u12\"", "tru", "nul"]
                bytes = Array("{\"schemas\":[\"\(Self.userURN)\"],\"userName\":\(rng.pick(numbers))}".utf8)
            default:
                let starters: [UInt8] = [0x7D, 0x5D, 0x3A, 0x2C, 0xFF, 0x27, 0x78]
                bytes = [rng.pick(starters)] + (0..<rng.int(0..<200)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            out.append(HostileRequest("broken JSON", method, path, body: bytes, scimType: "invalidSyntax"))
        }
        return out
    }

    // MARK: Wrong types

    /// Every writable attribute and sub-attribute of User (core and enterprise) and Group, set to
    /// values of the wrong JSON type, through create, replace and PATCH.
    mutating func wrongTypes() -> [HostileRequest] {
        var out: [HostileRequest] = []
        for (kind, schemaIDs) in [("User", [Self.userURN, Self.enterpriseURN]), ("Group", [Self.groupURN])] {
            for schemaID in schemaIDs {
                guard let schema = registry.schema(withID: schemaID) else { continue }
                for attribute in schema.attributes where attribute.mutability != .readOnly {
                    let urn = schemaID == Self.enterpriseURN ? schemaID : nil
                    for wrong in Self.wrongValues(for: attribute) {
                        out += wrongTypeRequests(kind: kind, urn: urn, name: attribute.name, sub: nil, value: wrong)
                    }
                    for sub in attribute.subAttributes ?? [] where sub.mutability != .readOnly {
                        for wrong in Self.wrongValues(for: sub).prefix(2) {
                            let element: SCIMValue = .object(SCIMObject([.init(key: sub.name, value: wrong)]))
                            let value: SCIMValue = attribute.multiValued ? [element] : element
                            out += wrongTypeRequests(kind: kind, urn: urn, name: attribute.name, sub: sub.name, value: value)
                        }
                    }
                }
            }
        }
        return out
    }

    /// Values of a JSON type `attribute` does not have, minus the documented leniencies of
    /// ResourceValidator: numbers for strings (employeeNumber arrives as a number), a one-element
    /// array for a single value (Entra's manager), a lone value for a multi-valued attribute,
    /// "True"/"False" strings for booleans.
    static func wrongValues(for attribute: AttributeDefinition) -> [SCIMValue] {
        if attribute.multiValued {
            let scalar: [SCIMValue] = [42, true, ["nested": [1]]]
            return scalar + (attribute.isComplex ? [[42], [[1, 2]]] : [[["a": 1]], [[1]]])
        }
        switch attribute.type {
        case .string, .reference, .binary, .dateTime: return [true, ["a": 1], ["x", "y"], [false], [["a": 1]]]
        case .boolean: return ["yes", 1, 0.5, ["a": true], [true, false]]
        case .integer, .decimal: return ["many", true, ["a": 1], [1, 2]]
        case .complex:
            // A manager may be a bare id string (Entra), so strings are not wrong for it.
            let strings: [SCIMValue] = attribute.name == "manager" ? [] : ["flat"]
            return strings + [42, true, [1, 2]]
        }
    }

    private mutating func wrongTypeRequests(kind: String, urn: String?, name: String, sub: String?, value: SCIMValue)
        -> [HostileRequest]
    {
        let isUser = kind == "User"
        let core = isUser ? Self.userURN : Self.groupURN
        var body: SCIMObject = [
            "schemas": .array([.string(core)] + (urn.map { [.string($0)] } ?? [])),
            (isUser ? "userName" : "displayName"): .string(freshName()),
        ]
        if let urn { body[urn] = .object(SCIMObject([.init(key: name, value: value)])) } else { body[name] = value }
        var replace = body
        let nameAttribute = isUser ? "userName" : "displayName"
        if !attributeNamesEqual(name, nameAttribute) || urn != nil { replace[nameAttribute] = .string(isUser ? userName : groupName) }
        let id = isUser ? userID : groupID
        let path = (urn.map { "\($0):" } ?? "") + name
        let patchValue: SCIMValue = sub == nil ? value : (value.arrayValue?.first ?? value)
        let patch: SCIMValue = [
            "schemas": [.string(Self.patchURN)],
            "Operations": [.object(["op": .string(rng.pick(["replace", "add", "Replace"])), "path": .string(path), "value": patchValue])],
        ]
        let label = "wrong type \(kind).\(name)\(sub.map { ".\($0)" } ?? "")"
        return [
            HostileRequest(label, .post, "\(kind)s", json: .object(body)),
            HostileRequest(label, .put, "\(kind)s/\(id)", json: .object(replace)),
            HostileRequest(label, .patch, "\(kind)s/\(id)", json: patch),
        ]
    }

    // MARK: Huge and deep

    mutating func hugeAndDeep() -> [HostileRequest] {
        var out: [HostileRequest] = []
        let big = String(repeating: "a", count: 200_000)
        out.append(HostileRequest("huge", .post, "Users", json: ["schemas": [.string(Self.userURN)], "userName": .string(big)]))
        out.append(HostileRequest("huge", .put, "Users/\(userID)", json: ["schemas": [.string(Self.userURN)], "userName": .string(userName), "title": .string(big)]))
        out.append(HostileRequest("huge", .post, "Groups", json: ["schemas": [.string(Self.groupURN)], "displayName": .string(big)]))
        let manyEmails = SCIMValue.array((0..<1_500).map { .object(["value": .string("e\($0)@example.com")]) })
        out.append(HostileRequest("huge", .post, "Users", json: ["schemas": [.string(Self.userURN)], "userName": .string(freshName()), "emails": manyEmails]))
        var wide = SCIMObject()
        for i in 0..<2_000 { wide["attr\(i)"] = .integer(i) }
        out.append(HostileRequest("huge", .post, "Users", json: .object(wide)))
        // Over the configured body limit (BadInputTests sets 256 KiB): 413 on every write endpoint.
        let oversized = Array("{\"schemas\":[\"\(Self.userURN)\"],\"userName\":\"\(String(repeating: "b", count: 300_000))\"}".utf8)
        for (method, path) in [(HTTPRequest.Method.post, "Users"), (.put, "Users/\(userID)"), (.patch, "Users/\(userID)"),
            (.post, "Groups"), (.post, "Users/.search"), (.post, ".search"), (.post, "Bulk")]
        {
            out.append(HostileRequest("too large", method, path, body: oversized, expect: .error([413])))
        }
        out.append(HostileRequest("huge filter", .get, "Users?filter=" + Self.encode("userName eq \"\(String(repeating: "x", count: 12_000))\"")))
        // 1,000 levels of nesting, as a whole body and inside an attribute.
        let deepArray = String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000)
        let deepObject = String(repeating: "{\"a\":", count: 1_000) + "1" + String(repeating: "}", count: 1_000)
        for deep in [deepArray, deepObject] {
            out.append(HostileRequest("deep", .post, "Users", body: Array(deep.utf8)))
            let inside = "{\"schemas\":[\"\(Self.userURN)\"],\"userName\":\"\(freshName())\",\"name\":\(deep)}"
            out.append(HostileRequest("deep", .post, "Users", body: Array(inside.utf8)))
            out.append(HostileRequest("deep", .patch, "Users/\(userID)", body: Array("{\"schemas\":[\"\(Self.patchURN)\"],\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\(deep)}]}".utf8)))
            out.append(HostileRequest("deep", .post, "Bulk", body: Array("{\"schemas\":[\"\(Self.bulkURN)\"],\"Operations\":\(deep)}".utf8)))
        }
        let deepFilter = String(repeating: "(", count: 1_000) + "userName pr" + String(repeating: ")", count: 1_000)
        out.append(HostileRequest("deep filter", .get, "Users?filter=" + Self.encode(deepFilter), scimType: "invalidFilter"))
        out.append(HostileRequest("deep filter", .post, "Users/.search", json: ["filter": .string(deepFilter)], scimType: "invalidFilter"))
        let notChain = String(repeating: "not (", count: 1_000) + "userName pr" + String(repeating: ")", count: 1_000)
        out.append(HostileRequest("deep filter", .post, ".search", json: ["filter": .string(notChain)], scimType: "invalidFilter"))
        return out
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }
}
