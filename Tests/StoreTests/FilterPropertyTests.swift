import SCIM
import Testing

@testable import Store

/// Internal Store functions these tests pin.
enum StoreTestHooks {
    static func prefixUpperBound(_ prefix: String) -> String? { FilterSQLCompiler.prefixUpperBound(prefix) }
}

/// The SQL a filter compiles to and the in-memory evaluator must agree on every filter
/// (RFC 7644 §3.4.2.2): the server answers queries through SQL, while PATCH value filters and
/// the provisioning dry run use the evaluator. Generated data stays in NFC: Swift compares
/// strings by canonical equivalence and grapheme clusters, SQLite by code points, and RFC 7644
/// says nothing about normalisation, so decomposed input would test a choice, not a rule.
@Suite("Filter SQL vs in-memory")
struct FilterPropertyTests {
    static let seeds: [UInt64] = [0x5C1D_2026, 0xBADC_0FFE]

    @Test("query(...) returns exactly the users Filter.matches selects", arguments: seeds)
    func sqlMatchesEvaluator(seed: UInt64) async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let schema = StoreFixture.userSchema
            var rng = Xorshift(seed: seed)
            let users = UserGenerator.make(count: 250, rng: &rng)
            let (tenant, other) = try await store.write { tx in
                let t = try await tx.createTenant(name: "props", nowMs: 1).id
                let o = try await tx.createTenant(name: "other", nowMs: 1).id
                for u in users {
                    try await tx.insert(tenant: t, type: "User", id: u.id, body: u.body, nowMs: u.nowMs)
                }
                // The same users in another tenant must never leak into the results.
                for u in users.prefix(20) {
                    try await tx.insert(tenant: o, type: "User", id: u.id, body: u.body, nowMs: u.nowMs)
                }
                return (t, o)
            }
            #expect(other != tenant)
            let rendered = users.map { ($0.id, $0.rendered) }
            var generator = FilterGenerator(rng: Xorshift(seed: seed &+ 1), users: users)
            var mismatches: [String] = []
            var wrongValidity: [String] = []
            var nonEmpty = 0
            var checked = 0
            for _ in 0..<300 {
                let (filter, valid) = generator.filter()
                let expected = Set(rendered.filter { filter.matches($0.1, in: .resource(schema)) }.map(\.0))
                let page: ResourcePage
                do {
                    page = try await store.read { tx in
                        try await tx.query(tenantID: tenant, type: "User", ResourceQuery(filter: filter, count: 10_000), schema: schema)
                    }
                } catch let error as QueryError where error.kind == .invalidFilter {
                    if valid { wrongValidity.append("refused valid filter \(filter): \(error.message)") }
                    continue
                }
                if !valid { wrongValidity.append("accepted invalid filter \(filter)") }
                checked += 1
                let actual = Set(page.records.map(\.id))
                if !expected.isEmpty && expected.count < users.count { nonEmpty += 1 }
                #expect(page.totalResults == page.records.count)
                if actual != expected {
                    let onlySQL = actual.subtracting(expected).sorted().prefix(3)
                    let onlyMemory = expected.subtracting(actual).sorted().prefix(3)
                    mismatches.append("\(filter): SQL-only \(Array(onlySQL)), memory-only \(Array(onlyMemory))")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) filters disagree:\n\(mismatches.prefix(25).joined(separator: "\n"))")
            #expect(wrongValidity.isEmpty, "\(wrongValidity.prefix(25).joined(separator: "\n"))")
            // The generator must produce discriminating filters, or agreement proves little.
            #expect(checked > 200)
            #expect(nonEmpty > 60, "only \(nonEmpty) filters selected a proper subset")
        }
    }

    /// `sw` on every indexed attribute (userName, displayName, externalId, emails.value) with
    /// prefixes of stored values in other letter cases, non-ASCII, a folding that changes the
    /// length (ß → ss), and values around U+10FFFF, where a range's upper bound is easy to get wrong.
    @Test("sw on indexed attributes: SQL ranges select what Filter.matches selects", arguments: seeds)
    func startsWithOnIndexedAttributes(seed: UInt64) async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let schema = StoreFixture.userSchema
            var rng = Xorshift(seed: seed)
            var users = UserGenerator.make(count: 120, rng: &rng)
            let odd = ["Straße@x", "STRASSE@y", "edge\u{10FFFF}\u{10FFFF}x@x", "edge\u{10FFFF}@x", "edgf@x", "edge@x", "Ωmega-Ω"]
            for (i, name) in odd.enumerated() {
                users.append(
                    GeneratedUser(
                        id: "odd-\(i)", body: user(name, [("externalId", .string(name)), ("emails", [["value": .string(name)]])]),
                        nowMs: 1_760_000_000_000))
            }
            for i in users.indices where rng.chance(70) {
                users[i].body["displayName"] = .string(rng.pick(UserGenerator.stems) + (rng.chance(50) ? " \(i)" : ""))
            }
            let tenant = try await store.write { tx in
                let t = try await tx.createTenant(name: "sw", nowMs: 1).id
                for u in users { try await tx.insert(tenant: t, type: "User", id: u.id, body: u.body, nowMs: u.nowMs) }
                return t
            }
            let rendered = users.map { ($0.id, $0.rendered) }
            let attributes = ["userName", "displayName", "externalId", "emails.value"]
            var mismatches: [String] = []
            var nonEmpty = 0
            for round in 0..<240 {
                let attribute = attributes[round % attributes.count]
                let source = rng.pick(rendered).1
                let value: String? =
                    attribute == "emails.value"
                    ? source["emails"]?.arrayValue?.first?["value"]?.stringValue : source[attribute]?.stringValue
                var prefix = Array(value ?? rng.pick(["edge", "edge\u{10FFFF}", "STRAS", "\u{10FFFF}", "zz"]))
                prefix = Array(prefix.prefix(Int.random(in: 0...prefix.count, using: &rng)))
                var text = String(prefix)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: text = text.uppercased()
                case 1: text = text.lowercased()
                default: break
                }
                // Every attribute meets the prefixes where a careless upper bound fails first.
                let fixed = ["edge", "EDGE\u{10FFFF}", "stras", "ω"]
                if round < fixed.count * attributes.count { text = fixed[round / attributes.count] }
                let path = try AttributePath.parse(attribute)
                let filter = Filter.compare(path, .sw, .string(text))
                let expected = Set(rendered.filter { filter.matches($0.1, in: .resource(schema)) }.map(\.0))
                let page = try await store.read { tx in
                    try await tx.query(tenantID: tenant, type: "User", ResourceQuery(filter: filter, count: 10_000), schema: schema)
                }
                let actual = Set(page.records.map(\.id))
                if !expected.isEmpty { nonEmpty += 1 }
                if actual != expected {
                    mismatches.append(
                        "\(attribute) sw \(text.debugDescription): SQL-only \(actual.subtracting(expected).sorted().prefix(3)), memory-only \(expected.subtracting(actual).sorted().prefix(3))")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) disagree:\n\(mismatches.prefix(20).joined(separator: "\n"))")
            #expect(nonEmpty > 150, "only \(nonEmpty) prefixes matched anything")
        }
    }

    @Test(
        "the upper bound of a prefix range",
        arguments: [
            ("ab", "ac"), ("a\u{10FFFF}", "b"), ("a\u{10FFFF}\u{10FFFF}", "b"), ("\u{D7FF}", "\u{E000}"), ("zé", "zê"),
        ])
    func prefixUpperBound(prefix: String, bound: String) {
        #expect(StoreTestHooks.prefixUpperBound(prefix) == bound)
    }

    @Test("no upper bound above a prefix of U+10FFFF only")
    func noUpperBound() {
        #expect(StoreTestHooks.prefixUpperBound("\u{10FFFF}\u{10FFFF}") == nil)
    }

    /// Fixed cases the random generator reaches only by chance, each with the RFC rule it pins.
    @Test(
        "edge cases agree with the RFC",
        arguments: [
            // RFC 7644 §3.4.2.2: id, externalId and meta are filterable common attributes.
            ("id eq \"u-1\"", ["u-1"]),
            ("externalId eq \"EXT\"", ["u-1"]),
            ("meta.lastModified gt \"2020-01-01T00:00:00Z\"", ["u-1", "u-2", "u-3", "u-4"]),
            ("meta.lastModified le \"2020-01-01T00:00:01.000Z\"", []),
            // "pr": a non-empty value, or a non-empty node of a complex attribute.
            ("title pr", ["u-1"]),
            ("name pr", ["u-1", "u-3"]),
            ("emails pr", ["u-1", "u-2"]),
            // RFC 7643 §2.5: unassigned, null and [] are the same state, so "eq null" means absent;
            // on a complex attribute it looks at `value`, which u-2's only email lacks.
            ("emails eq null", ["u-2", "u-3", "u-4"]),
            ("title eq null", ["u-3", "u-4"]),
            ("title ne null", ["u-1", "u-2"]),
            // "ne": no value equals, so absent attributes match.
            ("title ne \"boss\"", ["u-2", "u-3", "u-4"]),
            // Value filters look at one element at a time.
            ("emails[type eq \"work\" and value co \"B\"]", []),
            ("emails[type eq \"work\" and primary eq true]", ["u-1"]),
            ("userName sw \"Ä\"", ["u-2"]),
            // `sw` on indexed columns is an index range (FilterSQLCompiler.prefixUpperBound): folded
            // for caseExact false (RFC 7643 §2.2), exact for externalId (RFC 7643 §3.1: caseExact).
            ("userName sw \"ÄB@\"", ["u-2"]),
            ("USERNAME sw \"äB\"", ["u-2"]),
            ("externalId sw \"EX\"", ["u-1"]),
            ("externalId sw \"ex\"", []),
            ("emails.value sw \"B@\"", ["u-1"]),
            ("emails.value sw \"\"", ["u-1"]),
            ("userName pr", ["u-1", "u-2", "u-3", "u-4"]),
            ("externalId pr", ["u-1"]),
            ("emails.value pr", ["u-1"]),
        ])
    func edgeCases(text: String, ids: [String]) async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let schema = StoreFixture.userSchema
            let bodies: [(String, SCIMObject)] = [
                ("u-1", user("a@x", [("externalId", "EXT"), ("title", "Boss"), ("name", ["givenName": "A"]),
                    ("emails", [["value": "a@x", "type": "work", "primary": true], ["value": "b@x", "type": "home"]])])),
                ("u-2", user("äb@x", [("title", ""), ("emails", [["type": "work"]])])),
                ("u-3", user("c@x", [("name", ["familyName": "C"]), ("emails", [])])),
                ("u-4", user("d@x", [("name", [:]), ("title", nil)])),
            ]
            let tenant = try await store.write { tx in
                let t = try await tx.createTenant(name: "edge", nowMs: 1).id
                for (i, (id, body)) in bodies.enumerated() {
                    try await tx.insert(tenant: t, type: "User", id: id, body: body, nowMs: 1_600_000_000_000 + Int64(i))
                }
                return t
            }
            let filter = try Filter.parse(text)
            let sql = try await store.read { tx in
                try await tx.query(tenantID: tenant, type: "User", ResourceQuery(filter: filter), schema: schema)
            }
            let memory = bodies.filter { id, body in
                GeneratedUser(id: id, body: body, nowMs: 1_600_000_000_000).rendered.matchesFilter(filter, schema)
            }
            #expect(sql.records.map(\.id).sorted() == ids, "SQL")
            #expect(memory.map(\.0).sorted() == ids, "in memory")
        }
    }
}

/// The same property for Groups (members in group_members), for users' `groups` and the scimd
/// extension (assignments table), and for filters at the parser's limits: nested
/// `Filter.maxDepth` deep and `or`/`and` chains of 200 terms and more.
@Suite("Filter SQL vs in-memory: memberships, assignments, deep and long filters")
struct FilterMembershipPropertyTests {
    static let seeds = FilterPropertyTests.seeds

    @Test("Groups: query(...) returns exactly the groups Filter.matches selects", arguments: seeds)
    func groups(seed: UInt64) async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            var rng = Xorshift(seed: seed)
            let users = UserGenerator.make(count: 60, rng: &rng)
            let groups = GroupGenerator.make(count: 40, users: users.count, rng: &rng)
            let directory = try await DirectoryFixture.load(store, users: users, groups: groups, assignments: [])
            let memberIDs = directory.groups.flatMap { g in (g.rendered["members"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue } }
            let displays = directory.groups.flatMap { g in (g.rendered["members"]?.arrayValue ?? []).compactMap { $0["display"]?.stringValue } }
            // RFC 7643 §4.2 and schemas/Group.json: members.type is "User" or "Group", caseExact false.
            let types = ["User", "Group", "user", "GROUP"]
            let names = directory.groups.compactMap { $0.rendered["displayName"]?.stringValue }
            var generator = DirectoryFilterGenerator(
                rng: Xorshift(seed: seed &+ 7),
                leaves: [
                    .init(path: AttributePath(name: "displayName"), values: names),
                    .init(path: AttributePath(name: "externalId"), values: groups.compactMap { $0.body["externalId"]?.stringValue }),
                    .init(path: AttributePath(name: "id"), values: groups.map(\.id)),
                    .init(path: AttributePath(name: "members"), values: memberIDs),
                    .init(path: AttributePath(name: "members", subAttribute: "value"), values: memberIDs),
                    .init(path: AttributePath(name: "members", subAttribute: "type"), values: types),
                    .init(path: AttributePath(name: "members", subAttribute: "display"), values: displays),
                ],
                valueFilters: [
                    .init(
                        path: AttributePath(name: "members"),
                        subs: [("value", memberIDs), ("type", types), ("display", displays)])
                ])
            let filters = (0..<300).map { _ in generator.filter() }
            let result = try await Agreement.check(
                filters, type: "Group", schema: StoreFixture.groupSchema, store: store, tenant: directory.tenant,
                resources: directory.groups)
            result.expectAgreement(minimumChecked: 200, minimumDiscriminating: 50)
        }
    }

    @Test("Users: groups, groups.value, groups.display and the scimd extension agree", arguments: seeds)
    func usersWithMemberships(seed: UInt64) async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            var rng = Xorshift(seed: seed)
            let users = UserGenerator.make(count: 150, rng: &rng)
            let groups = GroupGenerator.make(count: 30, users: users.count, rng: &rng)
            let assignments = AssignmentGenerator.make(users: users.count, rng: &rng)
            let directory = try await DirectoryFixture.load(store, users: users, groups: groups, assignments: assignments)
            let names = directory.groups.compactMap { $0.rendered["displayName"]?.stringValue }
            let groupIDs = groups.map(\.id)
            var generator = DirectoryFilterGenerator(
                rng: Xorshift(seed: seed &+ 11),
                leaves: [
                    .init(path: AttributePath(name: "groups"), values: groupIDs),
                    .init(path: AttributePath(name: "groups", subAttribute: "value"), values: groupIDs),
                    .init(path: AttributePath(name: "groups", subAttribute: "display"), values: names),
                    .init(path: AttributePath(schema: scimdURN, name: "roles"), values: AssignmentGenerator.roles),
                    .init(path: AttributePath(schema: scimdURN, name: "organization"), values: AssignmentGenerator.organizations),
                    .init(path: AttributePath(schema: scimdURN, name: "source"), values: ["scim", "SCIM", "local"]),
                ],
                valueFilters: [
                    .init(path: AttributePath(name: "groups"), subs: [("value", groupIDs), ("display", names)]),
                    .init(path: AttributePath(schema: scimdURN, name: "roles"), subs: [("value", AssignmentGenerator.roles)]),
                ],
                base: FilterGenerator(rng: Xorshift(seed: seed &+ 12), users: users))
            let filters = (0..<300).map { _ in generator.filter() }
            let result = try await Agreement.check(
                filters, type: "User", schema: StoreFixture.userSchema, store: store, tenant: directory.tenant,
                resources: directory.users)
            result.expectAgreement(minimumChecked: 200, minimumDiscriminating: 60)
        }
    }

    /// Fixed membership and assignment filters, one test case each, so a failure names its filter.
    @Test(
        "membership and assignment filters agree",
        arguments: [
            ("Group", #"members[type eq "User"]"#), ("Group", #"members[type eq "user"]"#),
            ("Group", #"members.type eq "GROUP""#), ("Group", #"members[value sw "u-"] and not (members[type eq "Group"])"#),
            ("Group", #"members.value sw "g-""#), ("Group", "members pr"), ("Group", "members eq null"),
            ("Group", #"members.display co "a""#), ("Group", #"members[display sw "ä"]"#),
            ("User", #"groups.value sw "g-1""#), ("User", #"groups[display co "ärzte"]"#), ("User", "groups pr"),
            ("User", #"not (groups[value ew "b"])"#),
            ("User", #"urn:scimd:params:scim:schemas:extension:2.0:User:roles eq "admin""#),
            ("User", #"urn:scimd:params:scim:schemas:extension:2.0:User:roles[value sw "ä"]"#),
            ("User", #"urn:scimd:params:scim:schemas:extension:2.0:User:roles pr and active eq false"#),
            ("User", #"urn:scimd:params:scim:schemas:extension:2.0:User:organization eq "東京""#),
            ("User", #"urn:scimd:params:scim:schemas:extension:2.0:User:organization eq null"#),
            ("User", #"urn:scimd:params:scim:schemas:extension:2.0:User:source eq "SCIM""#),
            ("User", #"urn:scimd:params:scim:schemas:extension:2.0:User:source eq "local""#),
            ("User", #"urn:scimd:params:scim:schemas:extension:2.0:User:source eq "LOCAL" and active eq true"#),
            ("User", #"not (urn:scimd:params:scim:schemas:extension:2.0:User:source eq "local")"#),
        ])
    func membershipEdgeCases(type: String, text: String) async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            var rng = Xorshift(seed: 0xD1EC_7041)
            let users = UserGenerator.make(count: 80, rng: &rng)
            let groups = GroupGenerator.make(count: 25, users: users.count, rng: &rng)
            let assignments = AssignmentGenerator.make(users: users.count, rng: &rng)
            let directory = try await DirectoryFixture.load(store, users: users, groups: groups, assignments: assignments)
            let result = try await Agreement.check(
                [(try Filter.parse(text), true)], type: type,
                schema: type == "User" ? StoreFixture.userSchema : StoreFixture.groupSchema, store: store,
                tenant: directory.tenant, resources: type == "User" ? directory.users : directory.groups)
            result.expectAgreement(minimumChecked: 1, minimumDiscriminating: 0)
        }
    }

    /// Filters as deep as the parser allows (`Filter.maxDepth` = 50 levels of parentheses and
    /// brackets) must be answered, not end in a SQLite error.
    @Test("filters nested 50 deep agree", arguments: DeepFilters.nested.map(\.name))
    func nested(name: String) async throws {
        let text = try #require(DeepFilters.nested.first { $0.name == name }).text
        try await expectAgreementOnUsers(text)
    }

    @Test("or/and chains of 200 terms and more agree", arguments: DeepFilters.chains.map(\.name))
    func chains(name: String) async throws {
        let text = try #require(DeepFilters.chains.first { $0.name == name }).text
        #expect(text.count <= Filter.maxLength)
        try await expectAgreementOnUsers(text)
    }

    @Test("one level deeper than Filter.maxDepth is a 400 invalidFilter")
    func tooDeep() throws {
        let text = String(repeating: "not (", count: Filter.maxDepth + 1) + "title pr" + String(repeating: ")", count: Filter.maxDepth + 1)
        #expect(throws: SCIMError.self) { try Filter.parse(text) }
        do {
            _ = try Filter.parse(text)
        } catch {
            #expect(error.scimType == .invalidFilter)
            #expect(error.status == 400)
        }
    }

    private func expectAgreementOnUsers(_ text: String) async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            var rng = Xorshift(seed: 0xDEE9_F117)
            let users = UserGenerator.make(count: 60, rng: &rng)
            let directory = try await DirectoryFixture.load(store, users: users, groups: [], assignments: [])
            let result = try await Agreement.check(
                [(try Filter.parse(text), true)], type: "User", schema: StoreFixture.userSchema, store: store,
                tenant: directory.tenant, resources: directory.users)
            result.expectAgreement(minimumChecked: 1, minimumDiscriminating: 0)
        }
    }
}

/// Filter texts at the parser's limits, built from the generated users' attributes.
enum DeepFilters {
    static let nested: [(name: String, text: String)] = [
        ("50 nested not(...)", wrap(50, "title pr") { "not (\($0))" }),
        ("50 nested not(...) around a comparison", wrap(50, #"userName sw "a""#) { "not(\($0))" }),
        ("50 nested parentheses alternating and/or", wrap(50, #"userName sw "a""#) { i, f in i % 2 == 0 ? "(\(f) and title pr)" : "(\(f) or active eq true)" }),
        ("48 nested not(...) around a value filter with not inside", wrap(48, #"emails[type eq "work" and not (value co "x")]"#) { "not (\($0))" }),
    ]

    static let chains: [(name: String, text: String)] = [
        ("200 or'd userName eq", (0..<200).map { #"userName eq "ada\#($0)@example.com""# }.joined(separator: " or ")),
        ("500 or'd title pr", Array(repeating: "title pr", count: 500).joined(separator: " or ")),
        ("200 and'ed not (title eq …)", (0..<200).map { #"not (title eq "t\#($0)")"# }.joined(separator: " and ")),
        ("200 terms alternating and/or", (0..<200).map { #"emails.value co "\#($0 % 10)""# }.enumerated()
            .map { $0 == 0 ? $1 : ($0 % 2 == 0 ? " and " : " or ") + $1 }.joined()),
        ("200 or'd comparisons inside one value filter", "emails[" + (0..<200).map { #"value eq "a\#($0)@x""# }.joined(separator: " or ") + "]"),
    ]

    private static func wrap(_ depth: Int, _ leaf: String, _ layer: (String) -> String) -> String {
        (0..<depth).reduce(leaf) { f, _ in layer(f) }
    }

    private static func wrap(_ depth: Int, _ leaf: String, _ layer: (Int, String) -> String) -> String {
        (0..<depth).reduce(leaf) { f, i in layer(i, f) }
    }
}

/// What running filters through SQL and through the evaluator gave.
struct Agreement {
    var mismatches: [String] = []
    var wrongValidity: [String] = []
    /// Errors other than a 400 invalidFilter: a client would see a 500.
    var failures: [String] = []
    var checked = 0
    /// Filters that selected a proper, non-empty subset: agreement on these proves something.
    var discriminating = 0

    static func check(
        _ filters: [(Filter, Bool)], type: String, schema: ResourceSchema, store: SQLiteStore, tenant: Int64,
        resources: [(id: String, rendered: SCIMObject)]
    ) async throws -> Agreement {
        var result = Agreement()
        for (filter, valid) in filters {
            let expected = Set(resources.filter { filter.matches($0.rendered, in: .resource(schema)) }.map(\.id))
            let page: ResourcePage
            do {
                page = try await store.read { tx in
                    try await tx.query(tenantID: tenant, type: type, ResourceQuery(filter: filter, count: 10_000), schema: schema)
                }
            } catch let error as QueryError where error.kind == .invalidFilter {
                if valid { result.wrongValidity.append("refused valid filter \(filter): \(error.message)") }
                continue
            } catch {
                result.failures.append("\(String(describing: filter).prefix(200)): \(error)")
                continue
            }
            if !valid { result.wrongValidity.append("accepted invalid filter \(filter)") }
            result.checked += 1
            if !expected.isEmpty && expected.count < resources.count { result.discriminating += 1 }
            let actual = Set(page.records.map(\.id))
            if page.totalResults != page.records.count {
                result.mismatches.append("\(filter): totalResults \(page.totalResults), \(page.records.count) records")
            }
            if actual != expected {
                let onlySQL = actual.subtracting(expected).sorted().prefix(3)
                let onlyMemory = expected.subtracting(actual).sorted().prefix(3)
                result.mismatches.append(
                    "\(String(describing: filter).prefix(300)): SQL-only \(Array(onlySQL)), memory-only \(Array(onlyMemory))")
            }
        }
        return result
    }

    func expectAgreement(minimumChecked: Int, minimumDiscriminating: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(failures.isEmpty, "\(failures.count) filters failed:\n\(failures.prefix(10).joined(separator: "\n"))", sourceLocation: sourceLocation)
        #expect(
            mismatches.isEmpty, "\(mismatches.count) filters disagree:\n\(mismatches.prefix(25).joined(separator: "\n"))",
            sourceLocation: sourceLocation)
        #expect(wrongValidity.isEmpty, "\(wrongValidity.prefix(25).joined(separator: "\n"))", sourceLocation: sourceLocation)
        // The generator must produce filters the store answers, and discriminating ones, or agreement proves little.
        #expect(checked >= minimumChecked, "only \(checked) filters answered", sourceLocation: sourceLocation)
        #expect(discriminating >= minimumDiscriminating, "only \(discriminating) filters selected a proper subset", sourceLocation: sourceLocation)
    }
}

extension SCIMObject {
    fileprivate func matchesFilter(_ filter: Filter, _ schema: ResourceSchema) -> Bool {
        filter.matches(self, in: .resource(schema))
    }
}
