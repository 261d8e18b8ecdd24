import Testing

@testable import SCIM

@Suite("ResponseProjection")
struct ResponseProjectionTests {
    typealias F = ValidatorFixtures

    /// The RFC 7643 §8.3 enterprise user as the server returns it: full, with `groups` and `meta`.
    func user(attributes: String? = nil, excluded: String? = nil) throws -> SCIMObject {
        let projection = try ResponseProjection(
            schema: try F.user(), attributes: attributes, excludedAttributes: excluded)
        return projection.apply(to: try F.enterpriseUser())
    }

    func group() throws -> SCIMObject {
        try F.object(
            #"""
            {"schemas":["\#(F.coreGroup)"],"id":"g1","displayName":"Tour Guides","externalId":"x1",
             "members":[{"value":"u1","display":"Babs","type":"User","$ref":"https://example.com/v2/Users/u1"},
                        {"value":"u2","display":"Ann","type":"User"}],
             "meta":{"resourceType":"Group","created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z"}}
            """#)
    }

    func projectionError(_ attributes: String?, _ excluded: String?) throws -> SCIMError? {
        let schema = try F.user()
        return expectSCIMError { () throws(SCIMError) in
            _ = try ResponseProjection(schema: schema, attributes: attributes, excludedAttributes: excluded)
        }
    }

    // MARK: Defaults

    @Test func withoutParametersEverythingButReturnedNeverIsKept() throws {
        let out = try user()
        var expected = try F.enterpriseUser()
        expected["password"] = nil  // RFC 7643 §4.1.1: password is returned "never"
        #expect(out == expected)
        #expect(out["schemas"] == [.string(F.coreUser), .string(F.enterprise)])
    }

    // MARK: attributes

    @Test func attributesKeepsOnlyListedPlusReturnedAlways() throws {
        let out = try user(attributes: "userName")
        #expect(out.keys == ["schemas", "id", "userName"])
        #expect(out["schemas"] == [.string(F.coreUser)])
    }

    @Test func attributesAreWhitespaceAndCaseTolerant() throws {
        let out = try user(attributes: " USERNAME ,  displayname,")
        #expect(out.keys == ["schemas", "id", "userName", "displayName"])
    }

    @Test func attributesWithSubAttributes() throws {
        let out = try user(attributes: "name.givenName,emails.value,meta.lastModified")
        #expect(out["name"] == ["givenName": "Barbara"])
        #expect(out["emails"] == [["value": "bjensen@example.com"], ["value": "babs@jensen.org"]])
        #expect(out["meta"] == ["lastModified": "2011-05-13T04:42:34Z"])
        #expect(out["userName"] == nil)
    }

    @Test func parentListedWithSubAttributeKeepsWholeParent() throws {
        let out = try user(attributes: "name,name.givenName")
        #expect(out["name"]?.objectValue?.count == 6)
    }

    @Test func urnQualifiedExtensionAttribute() throws {
        let out = try user(attributes: "\(F.enterprise):employeeNumber")
        #expect(out[F.enterprise] == ["employeeNumber": "701984"])
        #expect(out["schemas"] == [.string(F.coreUser), .string(F.enterprise)])
        #expect(out.keys == ["schemas", "id", F.enterprise])
    }

    @Test func urnQualifiedExtensionSubAttribute() throws {
        let out = try user(attributes: "\(F.enterprise):manager.value")
        #expect(out[F.enterprise] == ["manager": ["value": "26118915-6090-4610-87e4-49d8ca9f808d"]])
    }

    @Test func urnQualifiedCoreAttribute() throws {
        let out = try user(attributes: "\(F.coreUser):userName")
        #expect(out.keys == ["schemas", "id", "userName"])
    }

    @Test func wholeExtensionInAttributes() throws {
        let out = try user(attributes: F.enterprise)
        #expect(out.keys == ["schemas", "id", F.enterprise])
        #expect(out[F.enterprise]?.objectValue?.count == 6)
    }

    @Test func attributesNamingOnlyAnAbsentExtensionLeavesCoreSchema() throws {
        let out = try user(attributes: "\(F.scimdUser):roles")
        #expect(out.keys == ["schemas", "id"])
        #expect(out["schemas"] == [.string(F.coreUser)])
    }

    @Test(arguments: ["", " ", ","])
    func emptyAttributesParameterIsAbsent(text: String) throws {
        #expect(try user(attributes: text) == (try user()))
    }

    @Test func unknownAttributesSelectNothing() throws {
        let out = try user(attributes: "shoeSize,urn:example:nope:thing,userName")
        #expect(out.keys == ["schemas", "id", "userName"])
    }

    // MARK: excludedAttributes

    @Test func excludedMembersOnGroups() throws {
        let projection = try ResponseProjection(schema: try F.group(), attributes: nil, excludedAttributes: "members")
        let out = projection.apply(to: try group())
        #expect(out["members"] == nil)
        #expect(out["displayName"] == "Tour Guides")
        #expect(out["meta"] != nil)
        #expect(!projection.includes("members"))
        #expect(projection.includes("displayName"))
        #expect(projection.includes("MEMBERS") == false)
    }

    @Test func includesFollowsAttributes() throws {
        let schema = try F.group()
        #expect(try ResponseProjection(schema: schema, attributes: nil, excludedAttributes: nil).includes("members"))
        #expect(
            !(try ResponseProjection(schema: schema, attributes: "displayName", excludedAttributes: nil).includes(
                "members")))
        #expect(
            try ResponseProjection(schema: schema, attributes: "members.value", excludedAttributes: nil).includes(
                "members"))
        #expect(
            try ResponseProjection(schema: schema, attributes: "displayName", excludedAttributes: nil).includes("id"))
        let users = try ResponseProjection(schema: try F.user(), attributes: nil, excludedAttributes: F.enterprise)
        #expect(!users.includes(F.enterprise))
        #expect(!users.includes("\(F.enterprise):manager"))
        #expect(users.includes("groups"))
        #expect(!users.includes("password"))
    }

    @Test func excludedSubAttributes() throws {
        let out = try user(excluded: "name.familyName, emails , meta.version")
        #expect(out["name"]?["familyName"] == nil)
        #expect(out["name"]?["givenName"] == "Barbara")
        #expect(out["emails"] == nil)
        #expect(out["meta"]?["version"] == nil)
        #expect(out["meta"]?["created"] == "2010-01-23T04:56:22Z")
    }

    @Test func excludedWholeExtensionDropsItFromSchemas() throws {
        let out = try user(excluded: F.enterprise)
        #expect(out[F.enterprise] == nil)
        #expect(out["schemas"] == [.string(F.coreUser)])
        #expect(out["userName"] != nil)
    }

    @Test func excludingAnExtensionsOnlyAttributesDropsTheExtension() throws {
        let out = try user(
            excluded:
                "\(F.enterprise):employeeNumber,\(F.enterprise):costCenter,\(F.enterprise):organization,\(F.enterprise):division,\(F.enterprise):department,\(F.enterprise):manager"
        )
        #expect(out[F.enterprise] == nil)
        #expect(out["schemas"] == [.string(F.coreUser)])
    }

    @Test func excludedManagerDisplayName() throws {
        let out = try user(excluded: "\(F.enterprise):manager.displayName")
        #expect(
            out[F.enterprise]?["manager"] == [
                "value": "26118915-6090-4610-87e4-49d8ca9f808d",
                "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
            ])
    }

    @Test(arguments: ["id", "schemas", "ID,Schemas"])
    func returnedAlwaysSurvivesExclusion(excluded: String) throws {
        let out = try user(excluded: excluded)
        #expect(out["id"] == "2819c223-7f76-453a-919d-413861904646")
        #expect(out["schemas"] != nil)
    }

    @Test func bothParametersSelectThenRemove() throws {
        let out = try user(attributes: "name,emails", excluded: "name.middleName,emails.type")
        #expect(out.keys == ["schemas", "id", "name", "emails"])
        #expect(out["name"]?["middleName"] == nil)
        #expect(out["name"]?["givenName"] == "Barbara")
        #expect(out["emails"] == [["value": "bjensen@example.com", "primary": true], ["value": "babs@jensen.org"]])
    }

    // MARK: returned request / never

    @Test func returnedRequestOnlyWhenListed() throws {
        let schema = F.custom()
        let thing = F.obj([
            "schemas": ["urn:example:Thing"], "id": "t1", "code": "c", "secret": "s", "hidden": "h",
            "links": [["href": "https://a", "note": "n1"], ["href": "https://b"]],
        ])
        let plain = try ResponseProjection(schema: schema, attributes: nil, excludedAttributes: nil).apply(to: thing)
        #expect(plain.keys == ["schemas", "id", "code", "links"])
        #expect(plain["links"] == [["href": "https://a"], ["href": "https://b"]])

        let asked = try ResponseProjection(
            schema: schema, attributes: "secret,hidden,links.note", excludedAttributes: nil
        )
        .apply(to: thing)
        #expect(asked.keys == ["schemas", "id", "secret", "links"])
        #expect(asked["links"] == [["note": "n1"]])

        let wholeLinks = try ResponseProjection(schema: schema, attributes: "links", excludedAttributes: nil).apply(
            to: thing)
        #expect(wholeLinks["links"] == [["href": "https://a"], ["href": "https://b"]])
    }

    // MARK: Invalid parameters

    @Test(arguments: ["emails[type eq \"work\"]", "name..givenName", "user name", "a.b.c"])
    func invalidEntriesAreRejected(entry: String) throws {
        let error = try projectionError(entry, nil)
        #expect(error?.scimType == .invalidPath)
        #expect(error?.status == 400)
        let excludedError = try projectionError(nil, entry)
        #expect(excludedError?.detail.contains("excludedAttributes") == true)
    }
}
