import Testing

@testable import SCIM

@Suite("JSON")
struct JSONTests {
    private func parse(_ text: String, limits: JSONLimits = .default) throws(SCIMError) -> SCIMValue {
        try SCIMValue(parsing: text, limits: limits)
    }

    private func parse(bytes: [UInt8], limits: JSONLimits = .default) throws(SCIMError) -> SCIMValue {
        try SCIMValue(parsing: bytes, limits: limits)
    }

    /// Asserts that parsing fails with `invalidSyntax` and returns the detail for further checks.
    @discardableResult
    private func expectRejected(
        _ bytes: [UInt8], limits: JSONLimits = .default, sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        do {
            let value = try SCIMValue(parsing: bytes, limits: limits)
            Issue.record("accepted \(value)", sourceLocation: sourceLocation)
            return ""
        } catch {
            #expect(error.scimType == .invalidSyntax, sourceLocation: sourceLocation)
            #expect(error.status == 400, sourceLocation: sourceLocation)
            #expect(error.detail.hasPrefix("Malformed JSON at line "), "\(error.detail)", sourceLocation: sourceLocation)
            return error.detail
        }
    }

    // MARK: - Round trips

    @Test func parsesScalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("\"hi\"") == .string("hi"))
        #expect(try parse(" \t\r\n42 \n") == .integer(42))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object(SCIMObject()))
        #expect(try parse("[ ]") == .array([]))
        #expect(try parse("{ }") == .object(SCIMObject()))
    }

    @Test func parsesNestedDocument() throws {
        let value = try parse(
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen","active":true,"#
                + #""name":{"givenName":"Barbara","familyName":"Jensen"},"emails":[{"value":"b@example.com","primary":true}],"#
                + #""x":null,"n":-12,"d":1.5}"#)
        #expect(value["userName"] == "bjensen")
        #expect(value["USERNAME"] == "bjensen")
        #expect(value["name"]?["givenName"] == "Barbara")
        #expect(value["emails"]?.arrayValue?.first?["primary"] == true)
        #expect(value["x"] == .null)
        #expect(value["n"] == .integer(-12))
        #expect(value["d"] == .decimal(1.5))
        #expect(value.objectValue?.keys == ["schemas", "userName", "active", "name", "emails", "x", "n", "d"])
    }

    @Test func serializesCompactlyInOrder() throws {
        let text = #"{"b":1,"a":[true,false,null,"s",{"z":{}},[]],"c":-9223372036854775808,"d":0.5}"#
        let value = try parse(text)
        #expect(value.jsonString == text)
        #expect(value.serialized() == Array(text.utf8))
    }

    @Test func roundTripsThroughBytes() throws {
        let values: [SCIMValue] = [
            .null, true, 0, -1, .integer(Int.max), .integer(Int.min), 0.1, -2.5e-7, 1e300, "", "héllo 😀 中文",
            "\u{0}\u{1}\u{1F}\"\\/\n\r\t\u{8}\u{C}", [1, [2, [3, []]], ["k": "v"]],
            ["userName": "bjensen", "emails": [["value": "a@b.c", "primary": true]], "meta": ["version": "W/\"1\""]],
        ]
        for value in values {
            let bytes = value.serialized()
            #expect(try parse(bytes: bytes) == value, "\(String(decoding: bytes, as: UTF8.self))")
            let pretty = value.serialized(pretty: true)
            #expect(try parse(bytes: pretty) == value, "\(String(decoding: pretty, as: UTF8.self))")
        }
    }

    @Test func prettyPrintsWithTwoSpaces() {
        let value: SCIMValue = ["a": [1, 2], "b": ["c": "d"], "e": [], "f": [:]]
        let expected = """
            {
              "a": [
                1,
                2
              ],
              "b": {
                "c": "d"
              },
              "e": [],
              "f": {}
            }
            """
        #expect(String(decoding: value.serialized(pretty: true), as: UTF8.self) == expected)
        #expect(SCIMValue.integer(3).serialized(pretty: true) == Array("3".utf8))
    }

    @Test func acceptsNonArrayCollectionsAndSubstrings() throws {
        let text = #"  {"a":[1,2]}  "#
        #expect(try SCIMValue(parsing: text.utf8) == ["a": [1, 2]])
        #expect(try SCIMValue(parsing: ArraySlice(Array(text.utf8))[2...]) == ["a": [1, 2]])
        // A non-contiguous collection takes the copying path.
        #expect(try SCIMValue(parsing: text.utf8.lazy.map { $0 }) == ["a": [1, 2]])
        #expect(try SCIMValue(parsing: String(text.dropFirst(2))) == ["a": [1, 2]])
    }

    @Test func ignoresLeadingByteOrderMark() throws {
        #expect(try parse(bytes: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
    }

    // MARK: - Strings and escapes

    @Test func decodesAllEscapes() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        #expect(try parse(#""\u0041\u00e9\u4E2D\u0000""#) == .string("Aé中\u{0}"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""x\uD83D\uDE00y""#) == .string("x😀y"))
        #expect(try parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(try parse(#""caf\u00e9 \"ok\"""#) == .string("café \"ok\""))
    }

    @Test func acceptsRawUTF8() throws {
        #expect(try parse("\"héllo 😀 中文 \u{10FFFF}\"") == .string("héllo 😀 中文 \u{10FFFF}"))
        #expect(try parse(bytes: [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22]) == .string("😀"))
    }

    @Test func escapesOnlyWhatRFC8259Requires() {
        let value = SCIMValue.string("a\"b\\c/d\u{0}\u{1}\u{1F}\u{8}\u{C}\n\r\té😀\u{7F}")
        #expect(value.jsonString == #""a\"b\\c/d\u0000\u0001\u001f\b\f\n\r\té😀"# + "\u{7F}\"")
        #expect(SCIMValue.string("plain ascii").jsonString == #""plain ascii""#)
        #expect(SCIMValue.object(SCIMObject([.init(key: "k\"", value: "v")])).jsonString == #"{"k\"":"v"}"#)
    }

    // MARK: - Numbers

    @Test func classifiesNumbers() throws {
        #expect(try parse("0") == .integer(0))
        #expect(try parse("-0") == .integer(0))
        #expect(try parse("123") == .integer(123))
        #expect(try parse("-123") == .integer(-123))
        #expect(try parse("9223372036854775807") == .integer(Int.max))
        #expect(try parse("-9223372036854775808") == .integer(Int.min))
        #expect(try parse("9223372036854775808") == .decimal(9223372036854775808.0))
        #expect(try parse("-9223372036854775809") == .decimal(-9223372036854775809.0))
        #expect(try parse("123456789012345678901234567890") == .decimal(1.2345678901234568e29))
        #expect(try parse("1.0") == .decimal(1.0))
        #expect(try parse("1.5") == .decimal(1.5))
        #expect(try parse("-0.25") == .decimal(-0.25))
        #expect(try parse("1e3") == .decimal(1000))
        #expect(try parse("1E+3") == .decimal(1000))
        #expect(try parse("25e-1") == .decimal(2.5))
        #expect(try parse("0.1") == .decimal(0.1))
        #expect(try parse("1e-400") == .decimal(0))
        #expect(try parse("1.7976931348623157e308") == .decimal(.greatestFiniteMagnitude))
    }

    @Test func serializesNumbers() throws {
        #expect(SCIMValue.integer(0).jsonString == "0")
        #expect(SCIMValue.integer(7).jsonString == "7")
        #expect(SCIMValue.integer(-7).jsonString == "-7")
        #expect(SCIMValue.integer(1_234_567_890).jsonString == "1234567890")
        #expect(SCIMValue.integer(Int.max).jsonString == "9223372036854775807")
        #expect(SCIMValue.integer(Int.min).jsonString == "-9223372036854775808")
        #expect(SCIMValue.decimal(1).jsonString == "1.0")
        #expect(SCIMValue.decimal(0.1).jsonString == "0.1")
        #expect(SCIMValue.decimal(-2.5).jsonString == "-2.5")
        #expect(SCIMValue.decimal(1e300).jsonString == "1e+300")
        #expect(SCIMValue.decimal(.nan).jsonString == "null")
        #expect(SCIMValue.decimal(.infinity).jsonString == "null")
        #expect(SCIMValue.decimal(-.infinity).jsonString == "null")
        // Every decimal the writer emits must parse back as the same Double.
        for d in [0.1, 1.0 / 3.0, .leastNonzeroMagnitude, 1e16, 123456.789, -0.0] {
            #expect(try SCIMValue(parsing: SCIMValue.decimal(d).serialized()) == .decimal(d))
        }
    }

    // MARK: - Objects

    @Test func duplicateKeysLaterWinsCaseInsensitively() throws {
        let value = try parse(#"{"userName":"a","USERNAME":"b","other":1,"username":"c"}"#)
        let object = try #require(value.objectValue)
        #expect(object.count == 2)
        #expect(object["userName"] == "c")
        // SCIMObject's subscript keeps the first spelling of the key.
        #expect(object.keys == ["userName", "other"])
        #expect(value.jsonString == #"{"userName":"c","other":1}"#)
    }

    // MARK: - Rejection

    static let malformed: [(String, [UInt8])] = {
        var cases: [(String, String)] = [
            ("empty", ""),
            ("whitespace only", "  \n "),
            ("open brace", "{"),
            ("open bracket", "["),
            ("missing value", #"{"a":}"#),
            ("missing colon", #"{"a" 1}"#),
            ("unquoted key", "{a:1}"),
            ("single-quoted key", "{'a':1}"),
            ("trailing comma in array", "[1,]"),
            ("trailing comma in object", #"{"a":1,}"#),
            ("leading comma", "[,1]"),
            ("double comma", "[1,,2]"),
            ("missing comma", "[1 2]"),
            ("unclosed array", "[1,2"),
            ("mismatched close", "[1}"),
            ("mismatched close object", #"{"a":1]"#),
            ("leading zero", "01"),
            ("negative leading zero", "-01"),
            ("bare minus", "-"),
            ("trailing dot", "1."),
            ("leading dot", ".5"),
            ("plus sign", "+1"),
            ("empty exponent", "1e"),
            ("signed empty exponent", "1e+"),
            ("hex", "0x10"),
            ("NaN", "NaN"),
            ("Infinity", "Infinity"),
            ("negative Infinity", "-Infinity"),
            ("overflowing double", "1e400"),
            ("overflowing negative double", "-1e400"),
            ("truncated null", "nul"),
            ("misspelt true", "tru"),
            ("capitalized", "True"),
            ("trailing garbage", "1 x"),
            ("trailing value", "{} {}"),
            ("trailing comma after document", "[1],"),
            ("line comment", "[1] // c"),
            ("block comment", "/* c */ [1]"),
            ("unterminated string", #""abc"#),
            ("single quotes", "'a'"),
            ("invalid escape", #""\x41""#),
            ("short unicode escape", #""\u12""#),
            ("non-hex unicode escape", #""\u12G4""#),
            ("lone high surrogate", #""\ud800""#),
            ("high surrogate then text", #""\ud800abc""#),
            ("high surrogate then non-surrogate", #""\ud800\u0041""#),
            ("lone low surrogate", #""\udc00""#),
            ("reversed surrogates", #""\ude00\ud83d""#),
            ("raw tab in string", "\"a\tb\""),
            ("raw newline in string", "\"a\nb\""),
            ("raw 0x01 in string", "\"\u{1}\""),
            ("raw NUL in string", "\"\u{0}\""),
            ("escape at end", #""\"#),
        ]
        cases.append(("non-breaking space as whitespace", "\u{A0}1"))
        var result = cases.map { ($0.0, Array($0.1.utf8)) }
        result += [
            ("0xFF byte", [0xFF]),
            ("0xFF in string", [0x22, 0xFF, 0x22]),
            ("lone continuation byte", [0x22, 0x80, 0x22]),
            ("overlong slash", [0x22, 0xC0, 0xAF, 0x22]),
            ("overlong 3-byte", [0x22, 0xE0, 0x80, 0xAF, 0x22]),
            ("encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22]),
            ("above U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]),
            ("truncated sequence", [0x22, 0xE2, 0x82, 0x22]),
            ("truncated at end", [0x22, 0xE2, 0x82]),
            ("NUL after value", [0x31, 0x00]),
        ]
        return result
    }()

    @Test func rejectsMalformedInput() {
        #expect(Self.malformed.count >= 30)
        for (name, bytes) in Self.malformed {
            let detail = expectRejected(bytes)
            #expect(!detail.isEmpty, "\(name)")
        }
    }

    @Test func reportsLineColumnAndExpectation() {
        #expect(expectRejected(Array("{\"a\":}".utf8)) == "Malformed JSON at line 1, column 6: expected a value, found '}'")
        #expect(
            expectRejected(Array("{\n  \"a\": 1,\n  \"b\" 2\n}".utf8))
                == "Malformed JSON at line 3, column 7: expected ':' after object key, found '2'")
        #expect(expectRejected(Array("01".utf8)).hasSuffix("leading zeros are not allowed in numbers"))
        #expect(expectRejected(Array("[1,]".utf8)).contains("trailing commas are not allowed"))
        #expect(expectRejected(Array("nul".utf8)).hasSuffix("expected 'null'"))
        #expect(expectRejected(Array("1 x".utf8)).contains("column 3: expected end of input"))
        #expect(expectRejected([0x22, 0xFF, 0x22]).contains("invalid UTF-8 byte 0xFF"))
        #expect(expectRejected(Array("\"\u{1}\"".utf8)).contains("control character 0x01"))
        #expect(expectRejected(Array(#""\ud800""#.utf8)).contains("surrogate"))
        // Columns count characters, so a multi-byte character before the error counts once.
        #expect(expectRejected(Array("[\"é\",]".utf8)).contains("column 6"))
    }

    @Test func deepNestingIsRejectedWithoutStackOverflow() {
        let deep = [UInt8](repeating: JSONByte.openBracket, count: 100_000)
        #expect(expectRejected(deep).hasSuffix("JSON nested deeper than 64 levels"))
        let deepObjects = Array(String(repeating: #"{"a":"#, count: 100_000).utf8)
        #expect(expectRejected(deepObjects).hasSuffix("JSON nested deeper than 64 levels"))
        // Even with the depth limit lifted, the iterative parser itself survives, failing only on the missing
        // closers. (A successfully parsed 100k-deep value would still overflow the stack when SCIMValue's
        // synthesized ==, hash or deinit recurse, which is why maxDepth exists.)
        let unlimited = JSONLimits(maxDepth: .max)
        #expect(expectRejected(deep, limits: unlimited).hasSuffix("expected a value, found end of input"))
    }

    // MARK: - Limits

    @Test func enforcesDepthLimitExactly() throws {
        let limits = JSONLimits(maxDepth: 3)
        #expect(try parse("[[[1]]]", limits: limits) == [[[1]]])
        #expect(try parse(#"{"a":{"b":[]}}"#, limits: limits) == ["a": ["b": []]])
        #expect(expectRejected(Array("[[[[]]]]".utf8), limits: limits).hasSuffix("JSON nested deeper than 3 levels"))
        #expect(expectRejected(Array(#"[{"a":[{}]}]"#.utf8), limits: limits).contains("deeper than 3"))
        let sixtyFour = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? parse(sixtyFour)) != nil)
        let sixtyFive = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(expectRejected(Array(sixtyFive.utf8)).contains("deeper than 64"))
    }

    @Test func enforcesStringLimit() throws {
        let limits = JSONLimits(maxStringBytes: 4)
        #expect(try parse(#""abcd""#, limits: limits) == "abcd")
        #expect(try parse(#""\u00e9\u00e9""#, limits: limits) == "éé")
        #expect(expectRejected(Array(#""abcde""#.utf8), limits: limits).hasSuffix("JSON string longer than 4 bytes"))
        #expect(expectRejected(Array(#""ab\ncde""#.utf8), limits: limits).contains("longer than 4 bytes"))
        #expect(expectRejected(Array(#"{"abcde":1}"#.utf8), limits: limits).contains("longer than 4 bytes"))
        #expect(expectRejected(Array("\"ééé\"".utf8), limits: limits).contains("line 1, column 1:"))
    }

    @Test func enforcesElementLimit() throws {
        let limits = JSONLimits(maxElements: 4)
        #expect(try parse("[1,2,3]", limits: limits) == [1, 2, 3])
        #expect(try parse(#"{"a":{"b":1},"c":2}"#, limits: limits) == ["a": ["b": 1], "c": 2])
        #expect(expectRejected(Array("[1,2,3,4]".utf8), limits: limits).hasSuffix("JSON has more than 4 values"))
        #expect(expectRejected(Array("[[],[],[],[]]".utf8), limits: limits).contains("more than 4 values"))
    }

    @Test func enforcesObjectMemberLimit() throws {
        let limits = JSONLimits(maxObjectMembers: 2)
        #expect(try parse(#"{"a":1,"b":2}"#, limits: limits) == ["a": 1, "b": 2])
        #expect(expectRejected(Array(#"{"a":1,"b":2,"c":3}"#.utf8), limits: limits).contains("more than 2 members"))
        // Duplicates still count: the bound is on work done, not on the resulting object.
        #expect(expectRejected(Array(#"{"a":1,"a":2,"a":3}"#.utf8), limits: limits).contains("more than 2 members"))
    }

    @Test func defaultMemberLimitIsOneThousand() throws {
        // The bound exists because SCIMObject's duplicate check is quadratic; see JSONLimits.maxObjectMembers.
        func object(members: Int) -> [UInt8] {
            Array(("{" + (0..<members).map { "\"k\($0)\":0" }.joined(separator: ",") + "}").utf8)
        }
        #expect(try parse(bytes: object(members: 1_000)).objectValue?.count == 1_000)
        #expect(expectRejected(object(members: 1_001)).contains("more than 1000 members"))
    }

    // MARK: - Throughput

    static let sampleUser = #"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "id":"2819c223-7f76-453a-919d-413861904646","externalId":"701984","userName":"bjensen@example.com",
         "name":{"formatted":"Ms. Barbara J Jensen, III","familyName":"Jensen","givenName":"Barbara","middleName":"Jane",
           "honorificPrefix":"Ms.","honorificSuffix":"III"},
         "displayName":"Babs Jensen","nickName":"Babs","profileUrl":"https://login.example.com/bjensen",
         "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],
         "phoneNumbers":[{"value":"555-555-8377","type":"work"}],
         "userType":"Employee","title":"Tour Guide","preferredLanguage":"en-US","locale":"en-US",
         "timezone":"America/Los_Angeles","active":true,
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","costCenter":"4130",
           "organization":"Universal Studios","division":"Theme Park","department":"Tour Operations",
           "manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d","displayName":"John Smith"}},
         "meta":{"resourceType":"User","created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z",
           "version":"W\/\"3694e05e9dff591\"","location":"https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"}}
        """#

    @Test func throughputSanity() throws {
        let bytes = Array(Self.sampleUser.utf8)
        let parsed = try parse(bytes: bytes)
        #expect(try parse(bytes: parsed.serialized()) == parsed)
        #if DEBUG
            let iterations = 5_000
        #else
            let iterations = 100_000
        #endif
        var sink = 0
        let start = ContinuousClock.now
        for _ in 0..<iterations {
            let value = try SCIMValue(parsing: bytes)
            sink &+= value.serialized().count
        }
        let elapsed = start.duration(to: .now)
        let micros = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
        print(
            "JSON throughput: \(bytes.count)-byte User parse+serialize \(micros / Double(iterations)) µs/op "
                + "over \(iterations) iterations (sink \(sink))")
    }
}
