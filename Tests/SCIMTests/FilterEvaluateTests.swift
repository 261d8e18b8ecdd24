import Testing

@testable import SCIM

/// A small User-like schema with an enterprise-style extension, built here so the tests do not
/// depend on the bundled schema files.
private let evaluationSchema: ResourceSchema = {
    let core = Schema(
        id: "urn:ietf:params:scim:schemas:core:2.0:User",
        attributes: [
            AttributeDefinition(name: "userName", type: .string, uniqueness: .server),
            AttributeDefinition(name: "id", type: .string, caseExact: true),
            AttributeDefinition(name: "displayName", type: .string),
            AttributeDefinition(name: "active", type: .boolean),
            AttributeDefinition(name: "age", type: .integer),
            AttributeDefinition(name: "score", type: .decimal),
            AttributeDefinition(name: "nickNames", type: .string, multiValued: true),
            AttributeDefinition(
                name: "name", type: .complex,
                subAttributes: [
                    AttributeDefinition(name: "givenName", type: .string),
                    AttributeDefinition(name: "familyName", type: .string),
                ]),
            AttributeDefinition(
                name: "emails", type: .complex, multiValued: true,
                subAttributes: [
                    AttributeDefinition(name: "value", type: .string),
                    AttributeDefinition(name: "type", type: .string, canonicalValues: ["work", "home"]),
                    AttributeDefinition(name: "primary", type: .boolean),
                ]),
            AttributeDefinition(
                name: "meta", type: .complex, mutability: .readOnly,
                subAttributes: [
                    AttributeDefinition(name: "lastModified", type: .dateTime),
                    AttributeDefinition(name: "resourceType", type: .string, caseExact: true),
                ]),
        ])
    let enterprise = Schema(
        id: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        attributes: [
            AttributeDefinition(name: "employeeNumber", type: .string),
            AttributeDefinition(
                name: "manager", type: .complex,
                subAttributes: [AttributeDefinition(name: "value", type: .string)]),
        ])
    let type = ResourceType(
        id: "User", name: "User", endpoint: "/Users", schema: core.id,
        schemaExtensions: [.init(schema: enterprise.id, required: false)])
    return ResourceSchema(resourceType: type, core: core, extensions: [(enterprise, false)])
}()

private let bjensen: SCIMObject = {
    let value: SCIMValue = [
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "userName": "BJensen",
        "displayName": "Ångström Jensen",
        "active": true,
        "age": 42,
        "score": 7.5,
        "nickNames": ["Babs", "BJ"],
        "name": ["givenName": "Barbara", "familyName": "Jensen"],
        "emails": [
            ["value": "bjensen@example.com", "type": "work", "primary": true],
            ["value": "babs@jensen.org", "type": "home"],
        ],
        "meta": ["lastModified": "2011-05-13T04:42:34.5Z", "resourceType": "User"],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": [
            "employeeNumber": "701984",
            "manager": ["value": "26118915-6090-4610-87e4-49d8ca9f808d"],
        ],
        "title": "",
        "nullish": nil,
    ]
    return value.objectValue ?? SCIMObject()
}()

private func object(_ value: SCIMValue) -> SCIMObject { value.objectValue ?? SCIMObject() }

/// A filter and whether it matches `bjensen`.
struct EvaluateCase: CustomTestStringConvertible, Sendable {
    let filter: String
    let matches: Bool
    init(_ filter: String, _ matches: Bool) {
        self.filter = filter
        self.matches = matches
    }
    var testDescription: String { "\(filter) → \(matches)" }
}

let evaluateCases: [EvaluateCase] = [
    // Strings: caseExact false folds case; caseExact true does not.
    .init(#"userName eq "bjensen""#, true),
    .init(#"userName eq "BJENSEN""#, true),
    .init(#"userName eq "jensen""#, false),
    .init(#"userName ne "bjensen""#, false),
    .init(#"userName ne "other""#, true),
    .init(#"userName co "JEN""#, true),
    .init(#"userName co "xyz""#, false),
    .init(#"userName co """#, true),
    .init(#"userName sw "bj""#, true),
    .init(#"userName sw "je""#, false),
    .init(#"userName ew "SEN""#, true),
    .init(#"userName ew "bj""#, false),
    .init(#"userName gt "a""#, true),
    .init(#"userName gt "c""#, false),
    .init(#"userName ge "bjensen""#, true),
    .init(#"userName lt "c""#, true),
    .init(#"userName le "bjensen""#, true),
    .init(#"userName le "a""#, false),
    .init(#"id eq "2819C223-7F76-453A-919D-413861904646""#, false),
    .init(#"id eq "2819c223-7f76-453a-919d-413861904646""#, true),
    .init(#"meta.resourceType eq "user""#, false),
    .init(#"displayName sw "ÅNGSTRÖM""#, true),
    .init(#"displayName co "ström j""#, true),
    // Sub-attributes and URN-qualified paths.
    .init(#"name.familyName eq "jensen""#, true),
    .init(#"name.givenName sw "Bar" and name.familyName ew "sen""#, true),
    .init(#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bjensen""#, true),
    .init(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984""#, true),
    .init(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1""#, false),
    .init(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value sw "2611""#, true),
    .init(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "26118915-6090-4610-87e4-49d8ca9f808d""#, true),
    .init("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber pr", true),
    // Unqualified extension attributes belong to the core schema (RFC 7644 §3.10): unknown, no match.
    .init(#"employeeNumber eq "701984""#, false),
    // Multi-valued: any value matches; a complex one without sub-attribute means `value`.
    .init(#"emails eq "babs@jensen.org""#, true),
    .init(#"emails co "example.com""#, true),
    .init(#"emails.value ew ".org""#, true),
    .init(#"emails.type eq "work""#, true),
    .init(#"emails.type eq "other""#, false),
    .init(#"emails ne "babs@jensen.org""#, false),
    .init(#"nickNames eq "bj""#, true),
    .init(#"nickNames sw "x""#, false),
    // Value paths: one element must satisfy the whole inner filter.
    .init(#"emails[type eq "work" and value co "example.com"]"#, true),
    .init(#"emails[type eq "home" and value co "example.com"]"#, false),
    .init(#"emails[type eq "work"].value eq "BJensen@example.com""#, true),
    .init(#"emails[type eq "home" and primary eq true]"#, false),
    .init(#"emails[primary eq true]"#, true),
    .init(#"emails[not (type eq "work")]"#, true),
    .init(#"emails[primary pr]"#, true),
    .init(#"emails[unknown eq "x"]"#, false),
    .init(#"nickNames[value eq "babs"]"#, true),
    .init(#"name[givenName eq "barbara"]"#, true),
    // Presence.
    .init("userName pr", true),
    .init("emails pr", true),
    .init("name pr", true),
    .init("title pr", false),
    .init("nullish pr", false),
    .init("meta.lastModified pr", true),
    .init("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr", true),
    .init("unknownAttribute pr", false),
    // Null.
    .init("nullish eq null", false),
    .init("userName eq null", false),
    .init("userName ne null", true),
    .init("name.familyName eq null", false),
    .init("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value gt null", false),
    // Booleans: equality only.
    .init("active eq true", true),
    .init("active eq false", false),
    .init("active ne false", true),
    .init("active gt false", false),
    .init(#"active eq "true""#, true),
    .init(#"active eq "yes""#, false),
    // Numbers.
    .init("age eq 42", true),
    .init("age eq 42.0", true),
    .init("age gt 41", true),
    .init("age ge 42", true),
    .init("age lt 42", false),
    .init("age le 41.5", false),
    .init(#"age eq "42""#, true),
    .init("age co 4", false),
    .init("score gt 7", true),
    .init("score lt 7.6", true),
    .init("score eq 7.5", true),
    // dateTime compares instants.
    .init(#"meta.lastModified gt "2011-05-13T04:42:34Z""#, true),
    .init(#"meta.lastModified gt "2011-05-13T04:42:35Z""#, false),
    .init(#"meta.lastModified eq "2011-05-13T04:42:34.500Z""#, true),
    .init(#"meta.lastModified eq "2011-05-13T06:42:34.5+02:00""#, true),
    .init(#"meta.lastModified lt "2011-05-13T00:00:00-05:00""#, true),
    .init(#"meta.lastModified ge "2011-05-13""#, true),
    .init(#"meta.lastModified le "2010-12-31T23:59:59Z""#, false),
    .init(#"meta.lastModified sw "2011-05""#, true),
    // Logic.
    .init(#"userName eq "bjensen" and active eq true"#, true),
    .init(#"userName eq "x" or active eq true"#, true),
    .init(#"userName eq "x" or active eq false"#, false),
    .init(#"not (userName eq "x")"#, true),
    .init(#"not (userName eq "bjensen") or age eq 42 and active eq false"#, false),
    // Unknown attributes never match, even with ne or not-equal semantics.
    .init(#"unknown eq "x""#, false),
    .init(#"unknown ne "x""#, false),
    .init(#"name.middleName eq "x""#, false),
    .init(#"urn:example:unknown:2.0:User:foo eq "x""#, false),
    .init(#"not (unknown eq "x")"#, true),
    // Mismatched types never crash.
    .init(#"name eq "x""#, false),
    .init("userName eq 1", false),
    .init("userName gt true", false),
    .init(#"emails.primary eq "x""#, false),
]

@Suite struct FilterEvaluateTests {
    @Test(arguments: evaluateCases)
    func evaluates(_ c: EvaluateCase) throws {
        let filter = try Filter.parse(c.filter)
        #expect(filter.matches(bjensen, in: .resource(evaluationSchema)) == c.matches)
    }

    @Test func evaluatesInComplexScope() throws {
        guard let emails = evaluationSchema.core.attribute(named: "emails") else {
            Issue.record("no emails attribute")
            return
        }
        let work = object(["value": "bjensen@example.com", "type": "Work", "primary": true])
        let scope = FilterScope.complex(emails)
        #expect(try Filter.parse(#"type eq "work""#).matches(work, in: scope))
        #expect(try Filter.parse(#"type eq "work" and primary eq true"#).matches(work, in: scope))
        #expect(try !Filter.parse(#"value ew ".org""#).matches(work, in: scope))
        #expect(try !Filter.parse(#"userName eq "x""#).matches(work, in: scope))
        #expect(try !Filter.parse(#"type.x eq "x""#).matches(work, in: scope))
    }

    @Test func emptyObjectMatchesOnlyAbsence() throws {
        let scope = FilterScope.resource(evaluationSchema)
        #expect(try Filter.parse("userName eq null").matches(SCIMObject(), in: scope))
        #expect(try !Filter.parse("userName pr").matches(SCIMObject(), in: scope))
        #expect(try !Filter.parse(#"emails[type eq "work"]"#).matches(SCIMObject(), in: scope))
        #expect(try Filter.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq null")
            .matches(SCIMObject(), in: scope))
    }

    @Test func toleratesWrongShapes() throws {
        // Scalars where arrays or objects belong, and the reverse.
        let odd = object([
            "emails": "not-an-array", "name": ["x", 1], "userName": ["a": 1],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "scalar",
        ])
        let scope = FilterScope.resource(evaluationSchema)
        for text in [#"emails eq "x""#, #"emails[type eq "work"]"#, #"name.givenName eq "x""#, #"userName sw "a""#,
                     #"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1""#] {
            #expect(try !Filter.parse(text).matches(odd, in: scope), "\(text)")
        }
    }

    @Test func evaluatesLongestChainWithoutOverflow() throws {
        // ~1,250 terms, the most 10,000 characters allow; `or` recurses down the left spine.
        let text = Array(repeating: "x pr", count: 1_240).joined(separator: " or ") + " or age eq 42"
        #expect(try Filter.parse(text).matches(bjensen, in: .resource(evaluationSchema)))
        let none = Array(repeating: "age pr", count: 900).joined(separator: " and ") + " and x pr"
        #expect(try !Filter.parse(none).matches(bjensen, in: .resource(evaluationSchema)))
    }
}
