import Foundation
import Testing

@testable import SCIM

extension ResourceValidator {
    /// Validates an object literal.
    fileprivate func validate(_ input: SCIMValue, mode: Mode) throws(SCIMError) -> SCIMObject {
        try validate(ValidatorFixtures.obj(input), mode: mode)
    }
}

// MARK: - Tests

@Suite("ResourceValidator")
struct ResourceValidatorTests {
    typealias F = ValidatorFixtures

    func validateUser(_ json: String, mode: ResourceValidator.Mode = .create) throws -> SCIMObject {
        try ResourceValidator(schema: try F.user()).validate(try F.object(json), mode: mode)
    }

    func userError(_ json: String, mode: ResourceValidator.Mode = .create) throws -> SCIMError? {
        let validator = ResourceValidator(schema: try F.user())
        let input = try F.object(json)
        return expectSCIMError { () throws(SCIMError) in _ = try validator.validate(input, mode: mode) }
    }

    // MARK: RFC examples

    @Test func fullUserIsStoredWithoutServerAndWriteOnlyAttributes() throws {
        let out = try ResourceValidator(schema: try F.user()).validate(try F.fullUser(), mode: .create)
        for dropped in ["id", "meta", "groups", "password"] { #expect(out[dropped] == nil, "\(dropped)") }
        #expect(out["schemas"] == [.string(F.coreUser)])
        #expect(out["userName"] == "bjensen@example.com")
        #expect(out["externalId"] == "701984")
        #expect(out["name"]?["givenName"] == "Barbara")
        #expect(out["emails"]?.arrayValue?.count == 2)
        #expect(out["x509Certificates"]?.arrayValue?.count == 1)
        #expect(out["active"] == true)
    }

    @Test func enterpriseUserKeepsExtensionAndDropsManagerDisplayName() throws {
        let out = try ResourceValidator(schema: try F.user()).validate(try F.enterpriseUser(), mode: .create)
        #expect(out["schemas"] == [.string(F.coreUser), .string(F.enterprise)])
        let ext = try #require(out[F.enterprise]?.objectValue)
        #expect(ext["employeeNumber"] == "701984")
        #expect(
            ext["manager"] == [
                "value": "26118915-6090-4610-87e4-49d8ca9f808d",
                "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
            ])
    }

    @Test func schemasListsOnlyExtensionsPresent() throws {
        let out = try validateUser(
            #"{"schemas":["\#(F.coreUser)","\#(F.enterprise)"],"userName":"a","\#(F.enterprise)":{}}"#)
        #expect(out["schemas"] == [.string(F.coreUser)])
        #expect(out[F.enterprise] == nil)
    }

    // MARK: Names

    @Test func keysAreMatchedCaseInsensitivelyAndCanonicalized() throws {
        let out = try validateUser(
            #"""
            {"SCHEMAS":["\#(F.coreUser.uppercased())"],"USERNAME":"a","Name":{"GIVENNAME":"B"},
             "Emails":[{"VALUE":"a@b.c","Type":"WORK","PRIMARY":"True"}],
             "\#(F.enterprise.uppercased())":{"EMPLOYEENUMBER":"7"},"EXTERNALID":"x"}
            """#)
        #expect(out.keys == ["schemas", "userName", "name", "emails", "externalId", F.enterprise])
        #expect(out["name"]?.objectValue?.keys == ["givenName"])
        #expect(out["emails"] == [["value": "a@b.c", "type": "work", "primary": true]])
        #expect(out[F.enterprise]?.objectValue?.keys == ["employeeNumber"])
    }

    @Test func urnQualifiedTopLevelKeyGoesIntoItsExtension() throws {
        let out = try validateUser(
            #"{"schemas":["\#(F.coreUser)"],"userName":"a","\#(F.enterprise):employeeNumber":"42","\#(F.coreUser):displayName":"A"}"#
        )
        #expect(out[F.enterprise] == ["employeeNumber": "42"])
        #expect(out["displayName"] == "A")
        #expect(out["schemas"] == [.string(F.coreUser), .string(F.enterprise)])
    }

    @Test func unknownAttributeIsRejected() throws {
        let error = try userError(#"{"schemas":["\#(F.coreUser)"],"userName":"a","favouriteColour":"blue"}"#)
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail == "Unknown attribute 'favouriteColour' for resource type User")
    }

    @Test func unknownSubAttributeIsRejected() throws {
        let error = try userError(#"{"schemas":["\#(F.coreUser)"],"userName":"a","name":{"nickname":"b"}}"#)
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail.contains("name.nickname") == true)
    }

    @Test func unknownTopLevelAttributeIsDroppedInPatchedMode() throws {
        let existing = try validateUser(#"{"schemas":["\#(F.coreUser)"],"userName":"a"}"#)
        let out = try validateUser(#"{"userName":"a","stray":1}"#, mode: .patched(existing: existing))
        #expect(out == existing)
    }

    // MARK: schemas

    @Test func unknownSchemaURNIsRejected() throws {
        let error = try userError(#"{"schemas":["\#(F.coreUser)","urn:example:other"],"userName":"a"}"#)
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail.contains("urn:example:other") == true)
    }

    @Test(arguments: [
        #"{"userName":"a"}"#,
        #"{"schemas":[],"userName":"a"}"#,
        #"{"schemas":["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"a"}"#,
        #"{"schemas":"urn:ietf:params:scim:schemas:core:2.0:Group","userName":"a"}"#,
        #"{"schemas":[7],"userName":"a"}"#,
    ])
    func schemasMustListTheCoreSchema(json: String) throws {
        let error = try userError(json)
        #expect(error?.scimType == .invalidSyntax || error?.scimType == .invalidValue)
        if json.contains("Group") { #expect(error?.scimType == .invalidValue) }
    }

    @Test func missingCoreSchemaMessageNamesIt() throws {
        let error = try userError(#"{"schemas":[],"userName":"a"}"#)
        #expect(error?.scimType == .invalidSyntax)
        #expect(error?.detail.contains("must list \(F.coreUser)") == true)
    }

    @Test func microsoftLegacyGroupURIIsAcceptedAndDropped() throws {
        // The body Microsoft documents for group create.
        let input = try F.object(
            #"""
            {"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","id":"c4a7e61f-3d9d-4d3e-b9b1-5a8f4e4c1d2a",
             "displayName":"Group1936",
             "schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
                        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
             "members":[],"meta":{"resourceType":"Group"}}
            """#)
        let out = try ResourceValidator(schema: try F.group()).validate(input, mode: .create)
        #expect(
            SCIMValue.object(out) == [
                "schemas": [.string(F.coreGroup)], "displayName": "Group1936",
                "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            ])
    }

    @Test func patchedModeRecomputesSchemas() throws {
        let existing = try validateUser(#"{"schemas":["\#(F.coreUser)"],"userName":"a"}"#)
        let out = try validateUser(
            #"{"schemas":["\#(F.coreUser)"],"userName":"a","\#(F.enterprise)":{"department":"R&D"}}"#,
            mode: .patched(existing: existing))
        #expect(out["schemas"] == [.string(F.coreUser), .string(F.enterprise)])
    }

    // MARK: readOnly and writeOnly

    @Test func readOnlyAttributesAreIgnored() throws {
        let out = try validateUser(
            #"""
            {"schemas":["\#(F.coreUser)","\#(F.scimdUser)"],"userName":"a","id":"forged","meta":"garbage",
             "groups":[{"value":"g1"}],"\#(F.scimdUser)":{"roles":["admin"],"organization":"Evil","source":"local"},
             "\#(F.scimdUser):source":"local"}
            """#)
        #expect(SCIMValue.object(out) == ["schemas": [.string(F.coreUser)], "userName": "a"])
    }

    @Test func passwordIsAcceptedButNeverStored() throws {
        let out = try validateUser(#"{"schemas":["\#(F.coreUser)"],"userName":"a","password":"t1meMa$heen"}"#)
        #expect(out["password"] == nil)
        let error = try userError(#"{"schemas":["\#(F.coreUser)"],"userName":"a","password":{"x":1}}"#)
        #expect(error?.scimType == .invalidValue)
    }

    @Test func groupMembersAreValidatedAndKeptWithoutDisplay() throws {
        let input = try F.object(
            #"""
            {"schemas":["\#(F.coreGroup)"],"displayName":"Ops",
             "members":[{"value":"u1","display":"Ann","type":"user"},{"value":"u2","$ref":"../Users/u2"}]}
            """#)
        let out = try ResourceValidator(schema: try F.group()).validate(input, mode: .create)
        #expect(out["members"] == [["value": "u1", "type": "User"], ["value": "u2", "$ref": "../Users/u2"]])
    }

    // MARK: Types

    @Test(
        arguments: [
            ("False", false), ("false", false), ("TRUE", true), ("True", true),
        ] as [(String, Bool)])
    func booleanStringsAreAccepted(text: String, expected: Bool) throws {
        let out = try validateUser(#"{"schemas":["\#(F.coreUser)"],"userName":"a","active":"\#(text)"}"#)
        #expect(out["active"] == .bool(expected))
    }

    @Test(arguments: [
        (#""yes""#, "Attribute 'active' must be a boolean, got string 'yes'"),
        (#"[true,false]"#, "Attribute 'active' is single-valued, got an array of 2 values"),
        (#"1"#, "Attribute 'active' must be a boolean, got integer"),
        (#"{"a":1}"#, "Attribute 'active' must be a boolean, got object"),
    ])
    func wrongTypeNamesAttributeAndType(json: String, detail: String) throws {
        let error = try userError(#"{"schemas":["\#(F.coreUser)"],"userName":"a","active":\#(json)}"#)
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail == detail)
    }

    @Test func complexGivenAStringWithoutValueSubAttributeIsRejected() throws {
        let error = try userError(#"{"schemas":["\#(F.coreUser)"],"userName":"a","name":"Barbara"}"#)
        #expect(error?.detail == "Attribute 'name' must be an object, got string")
    }

    @Test func numbersAreCoercedToStrings() throws {
        let out = try validateUser(
            #"{"schemas":["\#(F.coreUser)"],"userName":"a","externalId":701984,"title":1.5,"\#(F.enterprise)":{"employeeNumber":12345}}"#
        )
        #expect(out["externalId"] == "701984")
        #expect(out["title"] == "1.5")
        #expect(out[F.enterprise]?["employeeNumber"] == "12345")
    }

    @Test(arguments: [
        #""26118915-6090""#,
        #"[{"value":"26118915-6090"}]"#,
        #"{"value":"26118915-6090","displayName":"John"}"#,
        #"["26118915-6090"]"#,
    ])
    func managerFormsAreNormalized(json: String) throws {
        let out = try validateUser(
            #"{"schemas":["\#(F.coreUser)","\#(F.enterprise)"],"userName":"a","\#(F.enterprise)":{"manager":\#(json)}}"#
        )
        #expect(out[F.enterprise]?["manager"] == ["value": "26118915-6090"])
    }

    @Test(arguments: [#""""#, "null", "[]", "{}", #"{"value":""}"#, #"[{"value":""}]"#])
    func emptyManagerIsUnassigned(json: String) throws {
        let out = try validateUser(
            #"{"schemas":["\#(F.coreUser)"],"userName":"a","\#(F.enterprise)":{"manager":\#(json),"department":"X"}}"#)
        #expect(out[F.enterprise] == ["department": "X"])
    }

    @Test func unassignedValuesAreDropped() throws {
        let out = try validateUser(
            #"{"schemas":["\#(F.coreUser)"],"userName":"a","active":"","emails":[],"name":{},"title":null,"profileUrl":"","nickName":""}"#
        )
        // "" is a value only for strings.
        #expect(SCIMValue.object(out) == ["schemas": [.string(F.coreUser)], "userName": "a", "nickName": ""])
    }

    @Test func singleValueForMultiValuedIsWrapped() throws {
        let out = try validateUser(#"{"schemas":["\#(F.coreUser)"],"userName":"a","emails":{"value":"a@b.c"}}"#)
        #expect(out["emails"] == [["value": "a@b.c"]])
    }

    @Test func canonicalValuesAreRespelledOthersKept() throws {
        let out = try validateUser(
            #"{"schemas":["\#(F.coreUser)"],"userName":"a","emails":[{"value":"a","type":"Work"},{"value":"b","type":"Custom"}]}"#
        )
        #expect(out["emails"] == [["value": "a", "type": "work"], ["value": "b", "type": "Custom"]])
    }

    @Test func integersDecimalsAndDateTimes() throws {
        let validator = ResourceValidator(schema: F.custom())
        let input = try F.object(
            #"{"schemas":["urn:example:Thing"],"code":"c","count":"12","ratio":2,"since":"2008-01-23T04:56:22Z"}"#)
        let out = try validator.validate(input, mode: .create)
        #expect(out["count"] == .integer(12))
        #expect(out["ratio"] == .decimal(2))
        #expect(out["since"] == "2008-01-23T04:56:22Z")
        let bad: [(String, SCIMValue)] = [("count", 1.5), ("ratio", "x"), ("since", "yesterday"), ("since", 42)]
        for (name, value) in bad {
            var input = F.obj(["schemas": ["urn:example:Thing"], "code": "c"])
            input[name] = value
            let error = expectSCIMError { () throws(SCIMError) in _ = try validator.validate(input, mode: .create) }
            #expect(error?.scimType == .invalidValue, "\(name): \(value)")
        }
    }

    @Test(
        arguments: [
            ("2008-01-23T04:56:22Z", true), ("2008-01-23T04:56:22.123+02:00", true), ("2008-01-23t04:56:22z", true),
            ("2008-01-23T04:56:22", true), ("-0044-03-15T12:00:00Z", true), ("2008-01-23T24:00:00Z", true),
            ("2008-06-30T23:59:60Z", true), ("2008-02-30T00:00:00Z", false), ("12008-01-23T04:56:22Z", false),
            ("2008-01-23T24:00:01Z", false),
            ("2008-01-23", false), ("2008-13-01T00:00:00Z", false), ("2008-01-23T04:56Z", false),
            ("2008-01-23T04:56:22.Z", false), ("2008-01-23T04:56:22+0200", false), ("2008-01-23 04:56:22Z", false),
            ("", false), ("2008-01-23T04:56:22Zjunk", false),
        ] as [(String, Bool)])
    func dateTimeForm(text: String, valid: Bool) {
        #expect(ResourceValidator.isDateTime(text) == valid)
    }

    // MARK: required, primary

    @Test func missingRequiredAttributeIsRejected() throws {
        let error = try userError(#"{"schemas":["\#(F.coreUser)"],"displayName":"A"}"#)
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail == "Attribute 'userName' is required")
        let group = ResourceValidator(schema: try F.group())
        let groupError = expectSCIMError { () throws(SCIMError) in
            _ = try group.validate(["schemas": [.string(F.coreGroup)], "members": [["value": "u1"]]], mode: .create)
        }
        #expect(groupError?.detail == "Attribute 'displayName' is required")
    }

    @Test func patchedResultMustStillHaveRequiredAttributes() throws {
        let existing = try validateUser(#"{"schemas":["\#(F.coreUser)"],"userName":"a","title":"t"}"#)
        let error = try userError(#"{"title":"t"}"#, mode: .patched(existing: existing))
        #expect(error?.detail == "Attribute 'userName' is required")
    }

    @Test func extensionKeyMustHoldAnObject() throws {
        let error = try userError(#"{"schemas":["\#(F.coreUser)"],"userName":"a","\#(F.enterprise)":"x"}"#)
        #expect(error?.detail == "Attribute '\(F.enterprise)' must be an object, got string")
    }

    @Test(arguments: [#""""#, #""   ""#, "null"])
    func blankUserNameIsRejected(json: String) throws {
        let error = try userError(#"{"schemas":["\#(F.coreUser)"],"userName":\#(json)}"#)
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail.hasPrefix("Attribute 'userName'") == true)
    }

    @Test func requiredSubAttributeIsCheckedInEachElement() throws {
        let validator = ResourceValidator(schema: F.custom())
        let error = expectSCIMError { () throws(SCIMError) in
            _ = try validator.validate(
                ["schemas": ["urn:example:Thing"], "code": "c", "links": [["href": "https://x"], ["note": "n"]]],
                mode: .create)
        }
        #expect(error?.detail == "Attribute 'links.href' is required")
    }

    @Test func twoPrimaryValuesAreRejected() throws {
        let error = try userError(
            #"{"schemas":["\#(F.coreUser)"],"userName":"a","emails":[{"value":"a","primary":true},{"value":"b","primary":"True"}]}"#
        )
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail.contains("primary") == true)
    }

    // MARK: immutable

    @Test func immutableAttributeCannotChange() throws {
        let validator = ResourceValidator(schema: F.custom())
        let existing = try validator.validate(["schemas": ["urn:example:Thing"], "code": "A1"], mode: .create)
        for mode in [ResourceValidator.Mode.replace(existing: existing), .patched(existing: existing)] {
            let error = expectSCIMError { () throws(SCIMError) in
                _ = try validator.validate(["schemas": ["urn:example:Thing"], "code": "B2"], mode: mode)
            }
            #expect(error?.scimType == .mutability)
            #expect(error?.detail == "Attribute 'code' is immutable and cannot be changed")
        }
        // The same value (caseExact false: any case) is fine.
        let same = try validator.validate(
            ["schemas": ["urn:example:Thing"], "code": "a1"], mode: .replace(existing: existing))
        #expect(same["code"] == "a1")
    }

    @Test func immutableSubAttributeIsCarriedOverByReplaceAndGuardedInPatch() throws {
        let validator = ResourceValidator(schema: F.custom())
        let existing = try validator.validate(
            ["schemas": ["urn:example:Thing"], "code": "A", "badge": ["serial": "S1", "label": "x"]], mode: .create)
        let replaced = try validator.validate(
            ["schemas": ["urn:example:Thing"], "code": "A", "badge": ["label": "y"]], mode: .replace(existing: existing)
        )
        #expect(replaced["badge"] == ["label": "y", "serial": "S1"])
        let error = expectSCIMError { () throws(SCIMError) in
            _ = try validator.validate(
                ["schemas": ["urn:example:Thing"], "code": "A"], mode: .patched(existing: existing))
        }
        #expect(error?.scimType == .mutability)
        #expect(error?.detail == "Attribute 'badge.serial' is immutable and cannot be removed")
        // Immutable may be set when unassigned before (RFC 7643 §7: "MAY be defined ... at record replacement").
        let first = try validator.validate(
            ["schemas": ["urn:example:Thing"], "code": "B", "badge": ["serial": "S2"]],
            mode: .replace(existing: F.obj(["schemas": ["urn:example:Thing"]])))
        #expect(first["badge"] == ["serial": "S2"])
    }

    // MARK: limits

    @Test func stringLengthLimit() throws {
        let validator = ResourceValidator(schema: try F.user(), limits: ValidationLimits(maxStringLength: 5))
        #expect(throws: Never.self) {
            _ = try validator.validate(["schemas": [.string(F.coreUser)], "userName": "ééééé"], mode: .create)
        }
        let error = expectSCIMError { () throws(SCIMError) in
            _ = try validator.validate(["schemas": [.string(F.coreUser)], "userName": "abcdef"], mode: .create)
        }
        #expect(error?.detail == "Attribute 'userName' is longer than 5 characters")
        #expect(ValidationLimits.default == ValidationLimits(maxStringLength: 65_536, maxMultiValuedElements: 1_000))
    }

    @Test func multiValuedElementLimit() throws {
        let validator = ResourceValidator(schema: try F.user(), limits: ValidationLimits(maxMultiValuedElements: 2))
        let emails: SCIMValue = .array((1...3).map { ["value": .string("u\($0)@x")] })
        let error = expectSCIMError { () throws(SCIMError) in
            _ = try validator.validate(
                ["schemas": [.string(F.coreUser)], "userName": "a", "emails": emails], mode: .create)
        }
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail == "Attribute 'emails' has 3 values; at most 2 are allowed")
    }

    // MARK: Idempotence

    @Test(arguments: ["full", "enterprise", "entra"])
    func validatingTwiceChangesNothing(fixture: String) throws {
        let validator = ResourceValidator(schema: try F.user())
        let input: SCIMObject
        switch fixture {
        case "full": input = try F.fullUser()
        case "enterprise": input = try F.enterpriseUser()
        default:
            input = try F.object(
                #"""
                {"schemas":["\#(F.coreUser)","\#(F.enterprise)"],"USERNAME":"a","active":"False",
                 "emails":{"value":"a@b","type":"WORK","primary":"true"},"\#(F.enterprise):employeeNumber":9,
                 "\#(F.enterprise)":{"manager":[{"value":"m"}]},"externalId":5}
                """#)
        }
        let once = try validator.validate(input, mode: .create)
        let twice = try validator.validate(once, mode: .create)
        #expect(twice == once)
        #expect(twice.keys == once.keys)
        #expect(try validator.validate(once, mode: .replace(existing: once)) == once)
        #expect(try validator.validate(once, mode: .patched(existing: once)) == once)
    }
}
