import SCIM
import Store
import Testing

/// The store refuses filters and sorts with `QueryError` (the service layer's 400), and its
/// numbered parameters let one expression appear twice (ORDER BY) with every page intact.
@Suite("Store queries: QueryError and numbered parameters")
struct QueryErrorTests {
    @Test func refusalsAreQueryErrors() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let schema = StoreFixture.userSchema
            try await store.write { tx in
                let tenant = try await tx.createTenant(name: "t", nowMs: 1).id
                func refusal(_ query: ResourceQuery) async -> QueryError? {
                    do {
                        _ = try await tx.query(tenantID: tenant, type: "User", query, schema: schema)
                        return nil
                    } catch {
                        return error as? QueryError
                    }
                }
                #expect(
                    await refusal(ResourceQuery(filter: try Filter.parse("userName eq 1")))
                        == .invalidFilter("'userName' is a string; compare it with a quoted string"))
                #expect(
                    await refusal(ResourceQuery(filter: try Filter.parse(#"meta.lastModified gt "yesterday""#)))
                        == .invalidFilter("'yesterday' is not a valid dateTime (expected e.g. 2026-01-31T12:00:00Z)"))
                #expect(
                    await refusal(ResourceQuery(sortBy: AttributePath(name: "groups")))
                        == .invalidSort("Cannot sort by 'groups': groups is not sortable"))
            }
        }
    }

    @Test func sortedFilteredPagesBindEachParameterOnce() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let schema = StoreFixture.userSchema
            try await store.write { tx in
                let tenant = try await tx.createTenant(name: "t", nowMs: 1).id
                for (i, name) in ["d", "b", "e", "a", "c"].enumerated() {
                    try await tx.insert(
                        tenant: tenant, type: "User",
                        body: user("user\(i)", [("emails", [["value": .string("\(name)@example.com")]])]))
                }
                // The sort expression (with its JSON path parameter) appears twice in ORDER BY,
                // after a filter with parameters of its own.
                var seen: [String] = []
                for start in [1, 3, 5] {
                    let page = try await tx.query(
                        tenantID: tenant, type: "User",
                        ResourceQuery(
                            filter: try Filter.parse(#"userName sw "user" and emails co "@""#),
                            sortBy: AttributePath(name: "emails", subAttribute: "value"), startIndex: start, count: 2),
                        schema: schema)
                    #expect(page.totalResults == 5)
                    seen += page.records.compactMap { $0.body["emails"]?.arrayValue?.first?["value"]?.stringValue }
                }
                #expect(seen == ["a", "b", "c", "d", "e"].map { "\($0)@example.com" })
            }
        }
    }
}
