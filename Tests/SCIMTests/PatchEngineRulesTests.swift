import Testing

@testable import SCIM

private typealias F = PatchFixtures

/// RFC 7644 §3.5.2 rules of the PATCH engine, on the RFC 7643 §8 fixtures.
@Suite struct PatchEngineRulesTests {
    // MARK: - add

    @Test func addAppendsToAMultiValuedAttributeSkippingDuplicates() throws {
        let result = try F.patch(
            F.fullUser(),
            F.ops(
                #"""
                {"op":"add","path":"emails","value":[{"value":"babs@jensen.org","type":"home"},
                                                     {"value":"b@other.org","type":"other"}]}
                """#))
        #expect(result["emails"]?.arrayValue?.count == 3)
        #expect(result["emails"]?.arrayValue?.last == ["value": "b@other.org", "type": "other"])
    }

    @Test func addOfOneElementWithoutArray() throws {
        let result = try F.patch(
            F.minimalUser(), F.ops(#"{"op":"add","path":"phoneNumbers","value":{"value":"555","type":"work"}}"#))
        #expect(result["phoneNumbers"] == [["value": "555", "type": "work"]])
    }

    @Test func addMergesIntoASingleValuedComplexAttribute() throws {
        let result = try F.patch(F.fullUser(), F.ops(#"{"op":"add","path":"name","value":{"givenName":"Barb"}}"#))
        #expect(result["name"]?["givenName"] == "Barb")
        #expect(result["name"]?["familyName"] == "Jensen")
    }

    @Test func pathLessAddWithExtensionObject() throws {
        let result = try F.patch(
            F.minimalUser(),
            F.ops(
                #"""
                {"op":"add","value":{"displayName":"B","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                  {"department":"Ops","employeeNumber":"1"}}}
                """#))
        #expect(result["displayName"] == "B")
        #expect(result[F.enterprise] == ["department": "Ops", "employeeNumber": "1"])
        #expect(result["schemas"] == [.string(F.coreUser), .string(F.enterprise)])
    }

    @Test func namesAreWrittenWithTheSchemaSpelling() throws {
        let result = try F.patch(
            F.minimalUser(),
            F.ops(
                #"""
                {"op":"replace","path":"DISPLAYNAME","value":"B"},
                {"op":"add","path":"Name.GivenName","value":"Barbara"},
                {"op":"add","path":"EMAILS","value":[{"VALUE":"b@x.org","Type":"work"}]}
                """#))
        #expect(result.keys.contains("displayName"))
        #expect(result.keys.contains("name"))
        #expect(result["name"]?.objectValue?.keys == ["givenName"])
        #expect(result["emails"]?.arrayValue?.first?.objectValue?.keys == ["value", "type"])
    }

    @Test func pathLessValueMustBeAnObject() throws {
        #expect(F.failure(try F.minimalUser(), F.ops(#"{"op":"add","value":"x"}"#)) == .invalidSyntax)
    }

    // MARK: - replace

    @Test func replaceOfAMultiValuedAttributeReplacesTheList() throws {
        let result = try F.patch(F.fullUser(), F.ops(#"{"op":"replace","path":"emails","value":[{"value":"only@x.org"}]}"#))
        #expect(result["emails"] == [["value": "only@x.org"]])
    }

    @Test func replaceOfAComplexAttributeLeavesOtherSubAttributes() throws {
        // RFC 7644 §3.5.2.3: "Sub-attributes that are not specified ... are left unchanged."
        let result = try F.patch(
            F.fullUser(), F.ops(#"{"op":"replace","path":"name","value":{"givenName":"B","middleName":null}}"#))
        #expect(result["name"]?["givenName"] == "B")
        #expect(result["name"]?["familyName"] == "Jensen")
        #expect(result["name"]?["middleName"] == nil)
    }

    @Test func replaceWithNullRemoves() throws {
        let result = try F.patch(F.fullUser(), F.ops(#"{"op":"replace","path":"nickName","value":null}"#))
        #expect(result["nickName"] == nil)
    }

    @Test func booleanSubAttributeGivenAsString() throws {
        let result = try F.patch(
            F.fullUser(), F.ops(#"{"op":"replace","path":"emails[type eq \"home\"].primary","value":"True"}"#))
        #expect(result["emails"]?.arrayValue?.map { $0["primary"] } == [false, true])
    }

    // MARK: - primary

    @Test func addingAPrimaryValueClearsTheOthers() throws {
        // RFC 7643 §2.4: primary is true on at most one value.
        let result = try F.patch(
            F.fullUser(), F.ops(#"{"op":"add","path":"emails","value":[{"value":"n@x.org","type":"other","primary":true}]}"#))
        #expect(result["emails"]?.arrayValue?.map { $0["primary"] } == [false, nil, true])
    }

    @Test func filterCreatedPrimaryElementWins() throws {
        let result = try F.patch(
            F.fullUser(),
            F.ops(#"{"op":"add","path":"addresses[type eq \"other\" and primary eq true].locality","value":"Rome"}"#))
        let addresses = try #require(result["addresses"]?.arrayValue)
        #expect(addresses.count == 3)
        #expect(addresses[2] == ["type": "other", "primary": true, "locality": "Rome"])
        #expect(addresses[0]["primary"] == false)
    }

    // MARK: - remove

    @Test func removeAnAttributeAndAgain() throws {
        let once = try F.patch(F.fullUser(), F.ops(#"{"op":"remove","path":"nickName"}"#))
        #expect(once["nickName"] == nil)
        // Idempotent: identity providers retry.
        let twice = try F.patch(once, F.ops(#"{"op":"remove","path":"nickName"}"#))
        #expect(twice == once)
    }

    @Test func removeAbsentTargetsIsNotAnError() throws {
        let user = try F.minimalUser()
        let result = try F.patch(
            user,
            F.ops(
                #"""
                {"op":"remove","path":"emails[type eq \"work\"]"},
                {"op":"remove","path":"name.givenName"},
                {"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"},
                {"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}
                """#))
        #expect(result == user)
    }

    @Test func removeWithValueFilter() throws {
        let result = try F.patch(F.fullUser(), F.ops(#"{"op":"remove","path":"emails[type eq \"home\"]"}"#))
        #expect(result["emails"] == [["value": "bjensen@example.com", "type": "work", "primary": true]])
    }

    @Test func removeSubAttributeOfMatchingElements() throws {
        let result = try F.patch(F.fullUser(), F.ops(#"{"op":"remove","path":"addresses[type eq \"work\"].region"}"#))
        let addresses = try #require(result["addresses"]?.arrayValue)
        #expect(addresses[0]["region"] == nil)
        #expect(addresses[0]["locality"] == "Hollywood")
        #expect(addresses[1]["region"] == "CA")
    }

    @Test func removeWithoutFilterRemovesAllValues() throws {
        let result = try F.patch(F.fullUser(), F.ops(#"{"op":"remove","path":"phoneNumbers"}"#))
        #expect(result["phoneNumbers"] == nil)
    }

    @Test func removeWithValueOnEmailsMatchesByValue() throws {
        let result = try F.patch(
            F.fullUser(), F.ops(#"{"op":"remove","path":"emails","value":[{"value":"BABS@jensen.org"}]}"#))
        #expect(result["emails"]?.arrayValue?.count == 1)
    }

    @Test func removeTheWholeExtension() throws {
        let result = try F.patch(
            F.fullUser(), F.ops(#"{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}"#))
        #expect(result[F.enterprise] == nil)
        #expect(result["schemas"] == [.string(F.coreUser)])
    }

    @Test func removeTheLastExtensionAttributeDropsTheExtension() throws {
        var user = try F.minimalUser()
        user[F.enterprise] = ["costCenter": "1"]
        let result = try F.patch(
            user, F.ops(#"{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"}"#))
        #expect(result[F.enterprise] == nil)
        #expect(result["schemas"] == [.string(F.coreUser)])
    }

    // MARK: - Mutability and unknown attributes

    @Test(arguments: [
        #"{"op":"replace","path":"id","value":"x"}"#,
        #"{"op":"remove","path":"meta"}"#,
        #"{"op":"replace","path":"meta.lastModified","value":"2020-01-01T00:00:00Z"}"#,
        #"{"op":"add","path":"schemas","value":["urn:x"]}"#,
        #"{"op":"add","path":"groups","value":[{"value":"g"}]}"#,
        #"{"op":"add","value":{"groups":[{"value":"g"}]}}"#,
        #"{"op":"replace","path":"urn:scimd:params:scim:schemas:extension:2.0:User:source","value":"x"}"#,
        #"{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName","value":"x"}"#,
    ])
    func readOnlyTargetsAreMutabilityErrors(operation: String) throws {
        #expect(F.failure(try F.fullUser(), F.ops(operation)) == .mutability)
    }

    @Test func groupMemberSubAttributesAreImmutable() throws {
        let body = F.ops(#"{"op":"replace","path":"members[value eq \"a\"].value","value":"z"}"#)
        #expect(F.failure(try F.group(), body, as: "Group") == .mutability)
        // The same value is no change.
        let same = F.ops(#"{"op":"replace","path":"members[value eq \"a\"].type","value":"User"}"#)
        #expect(F.failure(try F.group(), same, as: "Group") == nil)
    }

    @Test func immutableAttributeMayBeSetOnceOnly() throws {
        let core = Schema(
            id: "urn:example:Badge",
            attributes: [
                AttributeDefinition(name: "badge", type: .string, mutability: .immutable),
                AttributeDefinition(name: "label", type: .string),
            ])
        let type = ResourceType(id: "Badge", name: "Badge", endpoint: "/Badges", schema: core.id)
        let engine = PatchEngine(schema: ResourceSchema(resourceType: type, core: core, extensions: []))
        let set = try engine.apply([.add(path: AttributePath(name: "badge"), value: "b1")], to: SCIMObject())
        #expect(set["badge"] == "b1")
        let same = try engine.apply([.replace(path: AttributePath(name: "badge"), value: "b1")], to: set)
        #expect(same["badge"] == "b1")
        #expect(throws: SCIMError.mutability("badge is immutable and already has a different value")) {
            try engine.apply([.replace(path: AttributePath(name: "badge"), value: "b2")], to: set)
        }
        #expect(throws: SCIMError.self) {
            try engine.apply([.remove(path: AttributePath(name: "badge"), value: nil)], to: set)
        }
    }

    @Test(arguments: [
        #"{"op":"add","path":"favouriteColour","value":"x"}"#,
        #"{"op":"replace","path":"name.nickname","value":"x"}"#,
        #"{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize"}"#,
        #"{"op":"add","path":"urn:example:unknown:2.0:User:thing","value":"x"}"#,
        #"{"op":"replace","value":{"title":"x","favouriteColour":"x"}}"#,
        #"{"op":"add","path":"emails.kind","value":"x"}"#,
    ])
    func unknownAttributesAreInvalidPath(operation: String) throws {
        #expect(F.failure(try F.fullUser(), F.ops(operation)) == .invalidPath)
    }

    @Test func unknownAttributeErrorNamesIt() throws {
        do {
            _ = try F.patch(F.fullUser(), F.ops(#"{"op":"add","path":"favouriteColour","value":"x"}"#))
            Issue.record("expected an error")
        } catch let error as SCIMError {
            #expect(error.detail.contains("favouriteColour"))
        }
    }

    @Test func schemasListsCoreFirstThenExtensions() throws {
        var user = try F.minimalUser()
        user["schemas"] = [.string(F.enterprise), .string(F.coreUser)]
        user[F.enterprise] = ["costCenter": "1"]
        let result = try F.patch(user, F.ops(#"{"op":"replace","path":"title","value":"T"}"#))
        #expect(result["schemas"] == [.string(F.coreUser), .string(F.enterprise)])
    }
}
