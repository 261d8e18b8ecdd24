import Testing

@testable import SCIM

private func path(_ name: String, _ sub: String? = nil, schema: String? = nil) -> AttributePath {
    AttributePath(schema: schema, name: name, subAttribute: sub)
}

private let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
private let coreUser = "urn:ietf:params:scim:schemas:core:2.0:User"

/// A valid filter and the tree it must parse to.
struct ValidFilterCase: CustomTestStringConvertible, Sendable {
    let text: String
    let expected: Filter
    init(_ text: String, _ expected: Filter) {
        self.text = text
        self.expected = expected
    }
    var testDescription: String { text }
}

private let a = path("a"), b = path("b"), c = path("c")

let validFilters: [ValidFilterCase] = [
    // Every operator (RFC 7644 §3.4.2.2, Table 3).
    .init(#"userName eq "bjensen""#, .compare(path("userName"), .eq, .string("bjensen"))),
    .init(#"userName ne "bjensen""#, .compare(path("userName"), .ne, .string("bjensen"))),
    .init(#"name.familyName co "O'Malley""#, .compare(path("name", "familyName"), .co, .string("O'Malley"))),
    .init(#"userName sw "J""#, .compare(path("userName"), .sw, .string("J"))),
    .init(#"userName ew "sen""#, .compare(path("userName"), .ew, .string("sen"))),
    .init(#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
          .compare(path("meta", "lastModified"), .gt, .string("2011-05-13T04:42:34Z"))),
    .init(#"meta.lastModified ge "2011-05-13T04:42:34Z""#,
          .compare(path("meta", "lastModified"), .ge, .string("2011-05-13T04:42:34Z"))),
    .init(#"meta.lastModified lt "2011-05-13T04:42:34Z""#,
          .compare(path("meta", "lastModified"), .lt, .string("2011-05-13T04:42:34Z"))),
    .init(#"meta.lastModified le "2011-05-13T04:42:34Z""#,
          .compare(path("meta", "lastModified"), .le, .string("2011-05-13T04:42:34Z"))),
    .init("title pr", .present(path("title"))),
    // Case-insensitive keywords and operators.
    .init(#"userName EQ "x""#, .compare(path("userName"), .eq, .string("x"))),
    .init("a Pr AND b pR", .and(.present(a), .present(b))),
    .init("a pr Or b pr", .or(.present(a), .present(b))),
    .init("NOT (a pr)", .not(.present(a))),
    .init("not(a pr)", .not(.present(a))),
    // Precedence: not > and > or; left-associative.
    .init("a eq 1 or b eq 2 and c eq 3",
          .or(.compare(a, .eq, .integer(1)), .and(.compare(b, .eq, .integer(2)), .compare(c, .eq, .integer(3))))),
    .init("a eq 1 and b eq 2 or c eq 3",
          .or(.and(.compare(a, .eq, .integer(1)), .compare(b, .eq, .integer(2))), .compare(c, .eq, .integer(3)))),
    .init("not (a pr) and b pr", .and(.not(.present(a)), .present(b))),
    .init("a pr and b pr and c pr", .and(.and(.present(a), .present(b)), .present(c))),
    .init("a pr or b pr or c pr", .or(.or(.present(a), .present(b)), .present(c))),
    // Parentheses.
    .init("(a pr or b pr) and c pr", .and(.or(.present(a), .present(b)), .present(c))),
    .init("((a pr))", .present(a)),
    .init("not (not (a pr))", .not(.not(.present(a)))),
    .init(#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
          .and(.compare(path("userType"), .eq, .string("Employee")),
               .or(.compare(path("emails"), .co, .string("example.com")),
                   .compare(path("emails", "value"), .co, .string("example.org"))))),
    // Value paths.
    .init(#"emails[type eq "work" and value co "@example.com"]"#,
          .valuePath(path("emails"), .and(.compare(path("type"), .eq, .string("work")),
                                          .compare(path("value"), .co, .string("@example.com"))))),
    .init(#"emails[type eq "work" and primary eq true]"#,
          .valuePath(path("emails"), .and(.compare(path("type"), .eq, .string("work")),
                                          .compare(path("primary"), .eq, .bool(true))))),
    .init(#"emails[not (type eq "work")]"#, .valuePath(path("emails"), .not(.compare(path("type"), .eq, .string("work"))))),
    .init(#"emails[type eq "work"].value eq "x""#,
          .valuePath(path("emails"), .and(.compare(path("type"), .eq, .string("work")),
                                          .compare(path("value"), .eq, .string("x"))))),
    .init(#"emails[type eq "work"].value pr"#,
          .valuePath(path("emails"), .and(.compare(path("type"), .eq, .string("work")), .present(path("value"))))),
    .init(#"userName eq "x" and emails[type eq "work"] or a pr"#,
          .or(.and(.compare(path("userName"), .eq, .string("x")),
                   .valuePath(path("emails"), .compare(path("type"), .eq, .string("work")))), .present(a))),
    // URN-qualified paths.
    .init(#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x""#,
          .compare(path("userName", schema: coreUser), .eq, .string("x"))),
    .init(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1""#,
          .compare(path("employeeNumber", schema: enterprise), .eq, .string("1"))),
    .init(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "x""#,
          .compare(path("manager", "value", schema: enterprise), .eq, .string("x"))),
    .init(#"URN:ietf:params:scim:schemas:core:2.0:User:name.givenName pr"#,
          .present(path("name", "givenName", schema: "URN:ietf:params:scim:schemas:core:2.0:User"))),
    .init(#"urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"]"#,
          .valuePath(path("emails", schema: coreUser), .compare(path("type"), .eq, .string("work")))),
    .init(#"members.$ref eq "x""#, .compare(path("members", "$ref"), .eq, .string("x"))),
    // String escapes (RFC 8259 §7).
    .init(#"a eq "q\"b\\s\/""#, .compare(a, .eq, .string(#"q"b\s/"#))),
    .init(#"a eq "\b\f\n\r\t""#, .compare(a, .eq, .string("\u{8}\u{C}\n\r\t"))),
    .init(#"a eq "\u00e9\u00C9""#, .compare(a, .eq, .string("éÉ"))),
    .init(#"a eq "\ud83d\ude00""#, .compare(a, .eq, .string("😀"))),
    .init(#"a eq "héllo 😀 [x] (y) and or""#, .compare(a, .eq, .string("héllo 😀 [x] (y) and or"))),
    .init(#"a eq """#, .compare(a, .eq, .string(""))),
    // Literals: booleans, null, numbers.
    .init("a eq true", .compare(a, .eq, .bool(true))),
    .init("a eq FALSE", .compare(a, .eq, .bool(false))),
    .init("a eq Null", .compare(a, .eq, .null)),
    .init("a eq 0", .compare(a, .eq, .integer(0))),
    .init("a gt -42", .compare(a, .gt, .integer(-42))),
    .init("a lt 1.5", .compare(a, .lt, .decimal(1.5))),
    .init("a lt -0.25", .compare(a, .lt, .decimal(-0.25))),
    .init("a le 1e3", .compare(a, .le, .decimal(1000))),
    .init("a le 2.5E-2", .compare(a, .le, .decimal(0.025))),
    .init("a eq 9223372036854775807", .compare(a, .eq, .integer(Int.max))),
    .init("a eq 99999999999999999999", .compare(a, .eq, .decimal(1e20))),
    // Whitespace tolerance.
    .init("  a   pr  ", .present(a)),
    .init("(a pr)and(b pr)", .and(.present(a), .present(b))),
]

/// A filter that must be rejected.
struct InvalidFilterCase: CustomTestStringConvertible, Sendable {
    let text: String
    init(_ text: String) { self.text = text }
    var testDescription: String { text.count > 60 ? "\(text.prefix(60))…" : text }
}

let invalidFilters: [InvalidFilterCase] = [
    "", "   ", "userName", "userName eq", #"userName equals "x""#, #"userName eq "x"#, #"userName eq "x\"#,
    "(a pr", "a pr)", "((a pr)", "a pr and", "or a pr", "and", "a pr b pr", #"emails[type eq "work""#,
    #"emails[type eq "work"]]"#, "a[b[c eq 1]]", "a pr 1", #"a pr "x""#, "a eq x", "a eq 1.", "a eq .5", "a eq 1e",
    "a eq --1", "a eq +1", "not a pr", "not", "not ()", "()", "[a pr]", "emails[]", #""x" eq a"#, "1a eq 1",
    "a.b.c eq 1", "a:b eq 1", "a-b$ eq 1", #"a eq "\x""#, #"a eq "\u12""#, #"a eq "\ud83d""#, #"a eq "\ude00x""#,
    "é eq 1", "a eq 1e999", #"emails.value[type eq "w"]"#, #"emails[type eq "w"].value"#,
    #"emails[type eq "w"].1 eq 2"#, "urn:foo: eq 1", "a eq 1 garbage", "a eq 1 and not b pr", "a eq \u{0}",
    String(repeating: "(", count: 51) + "a pr" + String(repeating: ")", count: 51),
    String(repeating: "not (", count: 51) + "a pr" + String(repeating: ")", count: 51),
    String(repeating: "a", count: 10_001) + " pr",
    String(repeating: "(", count: 5_000),
    String(repeating: "\"", count: 9_999),
].map(InvalidFilterCase.init)

@Suite struct FilterParserTests {
    @Test(arguments: validFilters)
    func parsesValidFilter(_ c: ValidFilterCase) throws {
        #expect(try Filter.parse(c.text) == c.expected)
    }

    @Test(arguments: validFilters)
    func roundTripsThroughDescription(_ c: ValidFilterCase) throws {
        let filter = try Filter.parse(c.text)
        #expect(try Filter.parse(filter.description) == filter)
    }

    @Test(arguments: invalidFilters)
    func rejectsInvalidFilter(_ c: InvalidFilterCase) {
        #expect {
            try Filter.parse(c.text)
        } throws: { error in
            guard let error = error as? SCIMError else { return false }
            return error.scimType == .invalidFilter && error.status == 400 && error.detail.hasPrefix("Invalid filter")
        }
    }

    @Test(arguments: [
        ("userName", 9, "expected a comparison operator after \"userName\""),
        ("userName eq", 12, "expected a value"),
        (#"userName equals "x""#, 10, "expected a comparison operator after \"userName\" but found \"equals\""),
        ("(a pr", 6, "missing \")\" (opened at position 1)"),
        ("or a pr", 1, "expected an attribute name, \"(\" or \"not\" but found \"or\""),
        ("urn:foo: eq 1", 9, "expected an attribute name"),
        ("a eq \u{0}", 6, #"found "\u0000""#),
        (#"emails[type eq "work""#, 22, "missing \"]\""),
        (#"a eq "abc"#, 6, "unterminated string"),
        ("a pr 1", 6, "\"pr\" takes no value"),
        ("a[b[c eq 1]]", 4, "value filters cannot be nested"),
        ("a eq 1 garbage", 8, "expected \"and\", \"or\" or the end of the filter but found \"garbage\""),
        ("not a pr", 5, "expected \"(\" after \"not\""),
        ("", 1, "the filter is empty"),
        // Positions count characters, not UTF-8 bytes.
        (#"a eq "é😀" b"#, 11, "found \"b\""),
    ])
    func reportsPosition(text: String, position: Int, message: String) {
        #expect {
            try Filter.parse(text)
        } throws: { error in
            guard let error = error as? SCIMError else { return false }
            return error.detail.contains("at position \(position): ") && error.detail.contains(message)
        }
    }

    @Test func rejectsDeepNestingWithoutCrashing() {
        let depth50 = String(repeating: "(", count: 50) + "a pr" + String(repeating: ")", count: 50)
        #expect((try? Filter.parse(depth50)) == .present(a))
        let depth51 = String(repeating: "not (", count: 60) + "a pr" + String(repeating: ")", count: 60)
        #expect(throws: SCIMError.self) { try Filter.parse(depth51) }
    }

    @Test func parsesLongestChainsInLinearTime() throws {
        // 1,250 terms: the longest chain that fits in 10,000 characters.
        let text = Array(repeating: "a pr", count: 1_250).joined(separator: " or ")
        #expect(text.count <= Filter.maxLength)
        let filter = try Filter.parse(text)
        guard case .or = filter else {
            Issue.record("expected an or")
            return
        }
        // Left-associative: the chain hangs off the left spine.
        var terms = 1
        var node = filter
        while case .or(let left, let right) = node {
            #expect(right == .present(a))
            terms += 1
            node = left
        }
        #expect(terms == 1_250)
        // `description` prints a chain flat, so even this one parses back to the same tree.
        #expect(try Filter.parse(filter.description) == filter)
        let mixed = try Filter.parse("a pr and (b pr or c pr) and not (a pr or b pr)")
        #expect(try Filter.parse(mixed.description) == mixed)
    }

    @Test("a backslash or quote followed by a combining mark survives the round trip through description")
    func combiningMarkAfterEscapedCharacter() throws {
        // "\\\u{31A}" is one Character in Swift; escaping must go by scalar (fuzz finding
        // Fuzz/findings/filter/combining-after-backslash.txt).
        for value in ["xa\u{15EC}\\\u{31A}", "\"\u{301}", "\\\u{301}\"\u{308}"] {
            let filter = Filter.compare(try AttributePath.parse("userName"), .eq, .string(value))
            #expect(try Filter.parse(filter.description) == filter, "\(filter.description)")
        }
    }

    @Test func neverCrashesOnArbitraryBytes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"ab eq pr and or not ( ) [ ] " \ u 1 . : urn é 😀"#.unicodeScalars)
            + [Unicode.Scalar(UInt8(0)), Unicode.Scalar(UInt8(7))]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            var s = ""
            for _ in 0..<length { s.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            if let f = try? Filter.parse(s) {
                #expect((try? Filter.parse(f.description)) == f, "round trip of \(s)")
            }
        }
    }
}
