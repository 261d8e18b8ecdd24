import Foundation
import Testing

@testable import SCIM

/// Schemas from the repository's `schemas/` directory and RFC 7643 §8 fixtures, as stored bodies.
enum PatchFixtures {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let coreUser = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let coreGroup = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let scimdUser = "urn:scimd:params:scim:schemas:extension:2.0:User"

    private static let registry = Result { () throws -> SchemaRegistry in
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try SchemaRegistry(directory: root.appendingPathComponent("schemas"))
    }

    static func engine(_ resourceType: String) throws -> PatchEngine {
        guard let schema = try registry.get().resource(resourceType) else {
            throw SchemaLoadError("no resource type \(resourceType)")
        }
        return PatchEngine(schema: schema)
    }

    static func object(_ json: String) throws -> SCIMObject {
        guard case .object(let object) = try SCIMValue(parsing: json) else {
            throw SCIMError.invalidSyntax("fixture is not an object")
        }
        return object
    }

    /// Applies a PATCH body (JSON text) to a resource with the engine for `resourceType`.
    static func patch(_ resource: SCIMObject, _ body: String, as resourceType: String = "User") throws -> SCIMObject {
        try engine(resourceType).apply(PatchRequest.parse(SCIMValue(parsing: body)), to: resource)
    }

    /// The `scimType` a PATCH fails with, or nil if it succeeds.
    static func failure(_ resource: SCIMObject, _ body: String, as resourceType: String = "User") -> SCIMErrorType? {
        do {
            _ = try patch(resource, body, as: resourceType)
            return nil
        } catch let error as SCIMError {
            return error.scimType
        } catch {
            return nil
        }
    }

    /// RFC 7643 §8.2, the full user, as stored: no `id`, `meta` or `groups`.
    static func fullUser() throws -> SCIMObject {
        try object(
            #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"701984","userName":"bjensen@example.com",
             "name":{"formatted":"Ms. Barbara J Jensen, III","familyName":"Jensen","givenName":"Barbara",
                     "middleName":"Jane","honorificPrefix":"Ms.","honorificSuffix":"III"},
             "displayName":"Babs Jensen","nickName":"Babs","profileUrl":"https://login.example.com/bjensen",
             "emails":[{"value":"bjensen@example.com","type":"work","primary":true},
                       {"value":"babs@jensen.org","type":"home"}],
             "addresses":[{"type":"work","streetAddress":"100 Universal City Plaza","locality":"Hollywood",
                           "region":"CA","postalCode":"91608","country":"USA","primary":true},
                          {"type":"home","streetAddress":"456 Hollywood Blvd","locality":"Hollywood",
                           "region":"CA","postalCode":"91608","country":"USA"}],
             "phoneNumbers":[{"value":"555-555-5555","type":"work"},{"value":"555-555-4444","type":"mobile"}],
             "userType":"Employee","title":"Tour Guide","preferredLanguage":"en-US","locale":"en-US",
             "timezone":"America/Los_Angeles","active":true,
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{
               "employeeNumber":"701984","costCenter":"4130","organization":"Universal Studios",
               "division":"Theme Park","department":"Tour Operations",
               "manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d",
                          "$ref":"../Users/26118915-6090-4610-87e4-49d8ca9f808d","displayName":"John Smith"}}}
            """#)
    }

    /// RFC 7643 §8.1, the minimal user.
    static func minimalUser() throws -> SCIMObject {
        try object(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen"}"#)
    }

    /// A group body; members are kept inline here only to exercise the engine on them directly.
    static func group(members: [String] = ["a", "b", "c"]) throws -> SCIMObject {
        let list = members.map { #"{"value":"\#($0)","type":"User"}"# }.joined(separator: ",")
        return try object(
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Tour Guides","members":[\#(list)]}"#)
    }

    /// Wraps operations (JSON text) in a PatchOp body.
    static func ops(_ operations: String) -> String {
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[\#(operations)]}"#
    }
}

private typealias F = PatchFixtures

@Suite struct PatchEngineTests {
    // MARK: - Entra ID

    @Test(arguments: ["False", "false", "FALSE"])
    func entraReplaceActiveWithBooleanString(text: String) throws {
        let result = try F.patch(F.fullUser(), F.ops(#"{"op":"Replace","path":"active","value":"\#(text)"}"#))
        #expect(result["active"] == .bool(false))
    }

    @Test func entraTrueStringActivates() throws {
        var user = try F.minimalUser()
        user["active"] = false
        let result = try F.patch(user, F.ops(#"{"op":"Replace","path":"active","value":"True"}"#))
        #expect(result["active"] == .bool(true))
    }

    @Test func entraOneOperationPerAttributeWithURNPaths() throws {
        let result = try F.patch(
            F.fullUser(),
            F.ops(
                #"""
                {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"42"},
                {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Sales"},
                {"op":"Replace","path":"name.givenName","value":"Barb"},
                {"op":"Add","path":"externalId","value":"ext-1"}
                """#))
        #expect(result[F.enterprise]?["employeeNumber"] == "42")
        #expect(result[F.enterprise]?["department"] == "Sales")
        #expect(result[F.enterprise]?["costCenter"] == "4130")
        #expect(result["name"]?["givenName"] == "Barb")
        #expect(result["name"]?["familyName"] == "Jensen")
        #expect(result["externalId"] == "ext-1")
    }

    @Test func urnPathCreatesTheExtensionAndListsItsSchema() throws {
        let result = try F.patch(
            F.minimalUser(),
            F.ops(#"{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter","value":"9"}"#))
        #expect(result[F.enterprise] == ["costCenter": "9"])
        #expect(result["schemas"] == [.string(F.coreUser), .string(F.enterprise)])
        #expect(result.keys.contains(F.enterprise))  // written with the canonical URN spelling
    }

    @Test func entraPathLessReplaceWithDottedAndURNKeys() throws {
        // Entra ID with aadOptscim062020.
        let result = try F.patch(
            F.fullUser(),
            F.ops(
                #"""
                {"op":"replace","value":{"name.givenName":"Anne","name.familyName":"Smith",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"7",
                  "active":false,"emails[type eq \"work\"].value":"anne@example.com"}}
                """#))
        #expect(result["name"]?["givenName"] == "Anne")
        #expect(result["name"]?["familyName"] == "Smith")
        #expect(result["name"]?["middleName"] == "Jane")
        #expect(result[F.enterprise]?["employeeNumber"] == "7")
        #expect(result[F.enterprise]?["department"] == "Tour Operations")
        #expect(result["active"] == false)
        #expect(result["emails"]?.arrayValue?.first?["value"] == "anne@example.com")
        #expect(result["emails"]?.arrayValue?.count == 2)
    }

    @Test func entraRemoveMembersByValueArrayRemovesOnlyThose() throws {
        let result = try F.patch(
            F.group(), F.ops(#"{"op":"Remove","path":"members","value":[{"value":"a"},{"value":"c"}]}"#), as: "Group")
        #expect(result["members"] == [["value": "b", "type": "User"]])
        #expect(result["displayName"] == "Tour Guides")
    }

    @Test func removeMembersByAbsentValueKeepsTheList() throws {
        let group = try F.group()
        let result = try F.patch(group, F.ops(#"{"op":"Remove","path":"members","value":[{"value":"zz"}]}"#), as: "Group")
        #expect(result["members"] == group["members"])
        let empty = try F.patch(group, F.ops(#"{"op":"Remove","path":"members","value":[]}"#), as: "Group")
        #expect(empty["members"] == group["members"])
    }

    @Test func entraRemoveMemberByValueFilter() throws {
        let result = try F.patch(F.group(), F.ops(#"{"op":"remove","path":"members[value eq \"b\"]"}"#), as: "Group")
        #expect(result["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == ["a", "c"])
    }

    @Test func removingTheLastMemberLeavesTheAttributeUnassigned() throws {
        let result = try F.patch(F.group(members: ["a"]), F.ops(#"{"op":"remove","path":"members[value eq \"a\"]"}"#), as: "Group")
        #expect(result["members"] == nil)
    }

    // MARK: - Value-filter paths

    @Test func addWithValueFilterUpdatesTheMatchingElement() throws {
        let result = try F.patch(
            F.fullUser(), F.ops(#"{"op":"add","path":"addresses[type eq \"work\"].locality","value":"Burbank"}"#))
        let addresses = try #require(result["addresses"]?.arrayValue)
        #expect(addresses.count == 2)
        #expect(addresses[0]["locality"] == "Burbank")
        #expect(addresses[0]["streetAddress"] == "100 Universal City Plaza")
        #expect(addresses[1]["locality"] == "Hollywood")
    }

    @Test func addWithValueFilterCreatesTheElementWhenNoneMatches() throws {
        let result = try F.patch(
            F.minimalUser(),
            F.ops(
                #"""
                {"op":"add","path":"addresses[type eq \"work\"].locality","value":"Paris"},
                {"op":"add","path":"addresses[type eq \"work\"].country","value":"FR"}
                """#))
        #expect(result["addresses"] == [["type": "work", "locality": "Paris", "country": "FR"]])
    }

    @Test func entraReplaceWithValueFilterCreatesAMissingEmail() throws {
        let result = try F.patch(
            F.minimalUser(), F.ops(#"{"op":"Replace","path":"emails[type eq \"work\"].value","value":"b@example.com"}"#))
        #expect(result["emails"] == [["type": "work", "value": "b@example.com"]])
    }

    @Test func replaceWithValueFilterReplacesMatchingSubAttribute() throws {
        let result = try F.patch(
            F.fullUser(), F.ops(#"{"op":"replace","path":"emails[type eq \"home\"].value","value":"new@jensen.org"}"#))
        #expect(
            result["emails"] == [
                ["value": "bjensen@example.com", "type": "work", "primary": true],
                ["value": "new@jensen.org", "type": "home"],
            ])
    }

    @Test func replaceWithValueFilterAndNoSubAttributeReplacesTheElement() throws {
        let result = try F.patch(
            F.fullUser(),
            F.ops(#"{"op":"replace","path":"phoneNumbers[type eq \"mobile\"]","value":{"value":"555-1","type":"home"}}"#))
        #expect(result["phoneNumbers"] == [["value": "555-555-5555", "type": "work"], ["value": "555-1", "type": "home"]])
    }

    @Test func replaceWithNonEqualityFilterAndNoMatchIsNoTarget() throws {
        // RFC 7644 §3.5.2.3: no record matched → noTarget.
        let body = F.ops(#"{"op":"replace","path":"emails[value co \"nowhere\"].type","value":"other"}"#)
        #expect(F.failure(try F.fullUser(), body) == .noTarget)
    }

    @Test func valueFilterOnUnknownSubAttributeIsInvalidPath() throws {
        let body = F.ops(#"{"op":"add","path":"emails[kind eq \"work\"].value","value":"x"}"#)
        #expect(F.failure(try F.fullUser(), body) == .invalidPath)
    }

    @Test func valueFilterOnSingleValuedAttributeIsInvalidPath() throws {
        let body = F.ops(#"{"op":"add","path":"name[givenName eq \"B\"].familyName","value":"x"}"#)
        #expect(F.failure(try F.fullUser(), body) == .invalidPath)
    }

    // MARK: - manager

    @Test func managerAsBareIdString() throws {
        let result = try F.patch(
            F.fullUser(),
            F.ops(#"{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m-2"}"#))
        // A new referent: the old $ref and displayName described the previous manager.
        #expect(result[F.enterprise]?["manager"] == ["value": "m-2"])
    }

    @Test func managerAsArrayOfOneIsUnwrapped() throws {
        let result = try F.patch(
            F.minimalUser(),
            F.ops(
                #"""
                {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                 "value":[{"value":"m-3"}]}
                """#))
        #expect(result[F.enterprise]?["manager"] == ["value": "m-3"])
    }

    @Test(arguments: ["null", #""""#, "[]"])
    func managerSetToNullOrEmptyIsRemoved(value: String) throws {
        var user = try F.minimalUser()
        user[F.enterprise] = ["manager": ["value": "m-1"]]
        user["schemas"] = [.string(F.coreUser), .string(F.enterprise)]
        let result = try F.patch(
            user,
            F.ops(#"{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":\#(value)}"#))
        // The emptied extension goes, and so does its URN.
        #expect(result[F.enterprise] == nil)
        #expect(result["schemas"] == [.string(F.coreUser)])
    }

    @Test func managerDisplayNameSentByTheClientIsIgnored() throws {
        let result = try F.patch(
            F.minimalUser(),
            F.ops(
                #"""
                {"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                  {"manager":{"value":"m-4","displayName":"Someone"}}}}
                """#))
        #expect(result[F.enterprise]?["manager"] == ["value": "m-4"])
    }

    @Test func sameManagerMergesSubAttributes() throws {
        let result = try F.patch(
            F.fullUser(),
            F.ops(
                #"""
                {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                 "value":{"value":"26118915-6090-4610-87e4-49d8ca9f808d","$ref":"../Users/x"}}
                """#))
        #expect(result[F.enterprise]?["manager"]?["$ref"] == "../Users/x")
        #expect(result[F.enterprise]?["manager"]?["displayName"] == "John Smith")
    }

    // MARK: - Okta

    @Test func oktaPathLessDeactivate() throws {
        let user = try F.fullUser()
        let result = try F.patch(user, F.ops(#"{"op":"replace","value":{"active":false}}"#))
        var expected = user
        expected["active"] = false
        #expect(result == expected)
    }

    @Test func oktaGroupRenameIgnoresId() throws {
        let result = try F.patch(
            F.group(members: []),
            F.ops(#"{"op":"replace","value":{"id":"abf4dd94-a4c0-4f67-89c9-76b03340cb9b","displayName":"Tour Leads"}}"#),
            as: "Group")
        #expect(result["displayName"] == "Tour Leads")
        #expect(result["id"] == nil)
    }

    @Test func pathLessValuesIgnoreMetaAndSchemas() throws {
        let result = try F.patch(
            F.minimalUser(),
            F.ops(#"{"op":"add","value":{"meta":{"resourceType":"User"},"schemas":["x"],"nickName":"B"}}"#))
        #expect(result["meta"] == nil)
        #expect(result["schemas"] == [.string(F.coreUser)])
        #expect(result["nickName"] == "B")
    }

    // MARK: - Atomicity

    @Test func aFailingOperationLeavesTheResourceUnchanged() throws {
        let user = try F.fullUser()
        let copy = user
        let body = F.ops(
            #"""
            {"op":"replace","path":"displayName","value":"Changed"},
            {"op":"remove","path":"emails"},
            {"op":"replace","path":"id","value":"other"},
            {"op":"replace","path":"nickName","value":"Never"}
            """#)
        #expect(throws: SCIMError.self) { try F.patch(user, body) }
        #expect(user == copy)
        #expect(user["displayName"] == "Babs Jensen")
        #expect(F.failure(user, body) == .mutability)
    }
}
