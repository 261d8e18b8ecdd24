import Testing

@testable import Store

/// The dialect's fragments: SQLite's are the SQL the store ran before the SQL was written once
/// (so its plans and behaviour are unchanged); PostgreSQL's path arrays keep a quoted step's
/// dots, which an extension attribute's URN has. The PostgreSQL SQL itself is run against a
/// real cluster by the PostgreSQL store's tests, not here.
@Suite("SQL dialect fragments")
struct SQLDialectTests {
    @Test(
        "PostgreSQL path arrays for SQLite JSON paths",
        arguments: [
            ("$.displayName", #"{"displayName"}"#),
            ("$.a.b", #"{"a","b"}"#),
            (#"$."name"."givenName""#, #"{"name","givenName"}"#),
            (
                #"$."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"."manager""#,
                #"{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","manager"}"#
            ),
        ])
    func postgresPath(path: String, expected: String) {
        #expect(SQLDialect.postgresPath(path) == expected)
        #expect(SQLDialect.postgres.pathArgument(path) == expected)
        #expect(SQLDialect.sqlite.pathArgument(path) == path)
    }

    @Test func sqliteFragmentsAreTheJSON1Calls() {
        let d = SQLDialect.sqlite
        #expect(d.jsonValue("r.body", pathParameter: "?3", as: .number) == "json_extract(r.body, ?3)")
        #expect(d.jsonValue("e.value", path: "$.primary", as: .boolean) == "json_extract(e.value, '$.primary')")
        #expect(d.jsonElements("r.body", pathParameter: "?4", as: "e") == "json_each(r.body, ?4) AS e")
        #expect(d.jsonElements("l.details", path: "$.failed", as: "f") == "json_each(l.details, '$.failed') AS f")
        #expect(d.jsonElement("e.value", as: .text) == "e.value")
        #expect(d.suffix("x", length: 3) == "substr(x, -3)")
        #expect(d.binaryOrder("r.id") == "r.id")
        #expect(d.ascendingText("l.client") == "l.client")
    }

    @Test func postgresReadsTypedScalarsFromText() {
        let d = SQLDialect.postgres
        #expect(d.jsonValue("r.body", pathParameter: "?3", as: .text) == "(((r.body)::json #> CAST(?3 AS TEXT[])) #>> '{}')")
        #expect(d.jsonValue("r.body", pathParameter: "?3", as: .number).contains("CAST(((r.body)::json #> CAST(?3 AS TEXT[])) #>> '{}' AS NUMERIC)"))
        #expect(d.suffix("x", length: 3) == "right(x, 3)")
        #expect(d.binaryOrder("a #>> b") == #"(a #>> b) COLLATE "C""#)
        #expect(d.ascendingText("l.client") == #"(l.client) COLLATE "C" NULLS FIRST"#)
        #expect(d.jsonElements("l.changes", as: "c").hasSuffix("WITH ORDINALITY AS c(value, key)"))
    }
}
