import Testing

@testable import SCIM

/// A valid path and what it must parse to.
struct ValidPathCase: CustomTestStringConvertible, Sendable {
    let text: String
    let expected: AttributePath
    init(_ text: String, _ expected: AttributePath) {
        self.text = text
        self.expected = expected
    }
    var testDescription: String { text }
}

private let enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

let validPaths: [ValidPathCase] = [
    .init("userName", AttributePath(name: "userName")),
    .init("name.givenName", AttributePath(name: "name", subAttribute: "givenName")),
    .init("members.$ref", AttributePath(name: "members", subAttribute: "$ref")),
    .init("$ref", AttributePath(name: "$ref")),
    .init("x509Certificates", AttributePath(name: "x509Certificates")),
    .init("a_b-c", AttributePath(name: "a_b-c")),
    .init("\(enterpriseURN):manager", AttributePath(schema: enterpriseURN, name: "manager")),
    .init("\(enterpriseURN):manager.value", AttributePath(schema: enterpriseURN, name: "manager", subAttribute: "value")),
    .init("\(enterpriseURN):employeeNumber", AttributePath(schema: enterpriseURN, name: "employeeNumber")),
    .init("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
          AttributePath(schema: "urn:ietf:params:scim:schemas:core:2.0:User", name: "name", subAttribute: "givenName")),
    .init("URN:ietf:params:scim:schemas:core:2.0:User:userName",
          AttributePath(schema: "URN:ietf:params:scim:schemas:core:2.0:User", name: "userName")),
    // A bare extension URN splits at its last colon; resolution sorts it out later.
    .init(enterpriseURN, AttributePath(schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0", name: "User")),
    .init(#"emails[type eq "work"].value"#,
          AttributePath(name: "emails", valueFilter: .compare(AttributePath(name: "type"), .eq, .string("work")),
                        subAttribute: "value")),
    .init(#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#,
          AttributePath(name: "members",
                        valueFilter: .compare(AttributePath(name: "value"), .eq,
                                              .string("2819c223-7f76-453a-919d-413861904646")))),
    .init(#"addresses[type eq "work"].locality"#,
          AttributePath(name: "addresses", valueFilter: .compare(AttributePath(name: "type"), .eq, .string("work")),
                        subAttribute: "locality")),
    .init(#"emails[type eq "work" and primary eq true]"#,
          AttributePath(name: "emails",
                        valueFilter: .and(.compare(AttributePath(name: "type"), .eq, .string("work")),
                                          .compare(AttributePath(name: "primary"), .eq, .bool(true))))),
    // Colons and brackets inside the filter's strings do not confuse the URN split.
    .init(#"emails[value eq "a:b]c"]"#,
          AttributePath(name: "emails", valueFilter: .compare(AttributePath(name: "value"), .eq, .string("a:b]c")))),
    .init(#"urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "x:y"].display"#,
          AttributePath(schema: "urn:ietf:params:scim:schemas:core:2.0:User", name: "emails",
                        valueFilter: .compare(AttributePath(name: "type"), .eq, .string("x:y")), subAttribute: "display")),
    .init(#"emails[ type pr ]"#, AttributePath(name: "emails", valueFilter: .present(AttributePath(name: "type")))),
]

@Suite struct AttributePathTests {
    @Test(arguments: validPaths)
    func parsesValidPath(_ c: ValidPathCase) throws {
        #expect(try AttributePath.parse(c.text) == c.expected)
    }

    @Test(arguments: validPaths)
    func roundTripsThroughDescription(_ c: ValidPathCase) throws {
        let path = try AttributePath.parse(c.text)
        #expect(try AttributePath.parse(path.description) == path)
    }

    @Test(arguments: [
        "", " ", " userName", "userName ", "name.", ".name", "name..x", "name.given.family", "1name", "na me",
        "emails[", "emails[]", #"emails[type eq "work""#, #"emails[type eq "work"]x"#, #"emails[type eq "work"]]"#,
        #"emails[type eq "work"].value.x"#, #"emails[type[value eq 1]]"#, "emails[type eq]", "foo:bar", "urn:a:b:",
        "urn:a b:name", "é", "name\u{0}", "a\u{7}", "$refx", "$", #"emails[type eq "\x"]"#, "emails]",
        String(repeating: "a", count: 1_001),
    ])
    func rejectsInvalidPath(_ text: String) {
        #expect {
            try AttributePath.parse(text)
        } throws: { error in
            guard let error = error as? SCIMError else { return false }
            return error.scimType == .invalidPath && error.status == 400 && error.detail.hasPrefix("Invalid path")
        }
    }

    @Test(arguments: [
        (#"emails[type eq "work""#, 22, "missing \"]\""),
        ("emails[type eq", 15, "expected a value after \"eq\""),
        ("name.", 6, "expected a sub-attribute name"),
        ("na me", 3, "unexpected \" \""),
        ("foo:bar", 4, "unexpected \":\""),
        ("1name", 1, "expected an attribute name"),
        (#"emails[type eq "w"]x"#, 20, "unexpected \"x\""),
    ])
    func reportsPosition(text: String, position: Int, message: String) {
        #expect {
            try AttributePath.parse(text)
        } throws: { error in
            guard let error = error as? SCIMError else { return false }
            return error.detail.contains("at position \(position)") && error.detail.contains(message)
                && error.detail.contains("\"\(text)\"")
        }
    }

    @Test func acceptsLongestAllowedPath() throws {
        let name = "a" + String(repeating: "b", count: 999)
        #expect(try AttributePath.parse(name).name == name)
    }

    @Test func neverCrashesOnArbitraryInput() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"ab.:[]" eq pr urn$ref \é😀"#.unicodeScalars) + [Unicode.Scalar(UInt8(0))]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<30, using: &generator)
            var s = ""
            for _ in 0..<length { s.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            if let p = try? AttributePath.parse(s) {
                #expect((try? AttributePath.parse(p.description)) == p, "round trip of \(s)")
            }
        }
    }
}
