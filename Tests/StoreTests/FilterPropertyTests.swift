import SCIM
import Store
import Testing

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
                } catch let error as SCIMError where error.scimType == .invalidFilter {
                    if valid { wrongValidity.append("refused valid filter \(filter): \(error.detail)") }
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

extension SCIMObject {
    fileprivate func matchesFilter(_ filter: Filter, _ schema: ResourceSchema) -> Bool {
        filter.matches(self, in: .resource(schema))
    }
}
