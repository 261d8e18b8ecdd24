import SCIM
import Testing

@testable import Store

/// Every filter on an indexed attribute, and every keyset page, is an index seek: the plans SQLite
/// chooses are pinned with `EXPLAIN QUERY PLAN` (a timed test would measure the machine, not the
/// query). A `SCAN`, or a range missing from the index constraint, reads every row of the tenant.
@Suite("Query plans: indexed filters and keyset pages")
struct IndexedFilterPlanTests {
    struct NoSQLiteTransaction: Error {}

    /// The plan of each statement `query` runs (the count, then the page).
    static func plans(_ type: String, _ query: ResourceQuery, fixture: StoreFixture) async throws -> [String] {
        let store = try fixture.open()
        let tenant = try await store.write { tx in
            let t = try await tx.createTenant(name: "plans", nowMs: 1).id
            try await tx.insertUser(tenant: t, "someone")
            return t
        }
        let schema = type == "User" ? StoreFixture.userSchema : StoreFixture.groupSchema
        return try await store.read { tx in
            guard let sqlite = tx as? SQLTransaction<SQLiteSession> else { throw NoSQLiteTransaction() }
            return try await sqlite.queryPlans(tenantID: tenant, type: type, query, schema: schema)
        }
    }

    @Test(
        "a filter on an indexed attribute seeks its index",
        arguments: [
            // (type, filter, the index constraint every statement's plan must show)
            ("User", #"userName sw "Ab""#, "resources_by_name (tenant_id=? AND type=? AND name_key>? AND name_key<?)"),
            ("User", #"userName sw "Straße""#, "resources_by_name (tenant_id=? AND type=? AND name_key>? AND name_key<?)"),
            ("User", "userName pr", "resources_by_name (tenant_id=? AND type=? AND name_key>?)"),
            ("User", #"displayName sw "ab""#, "resources_by_display (tenant_id=? AND type=? AND display_key>? AND display_key<?)"),
            ("Group", #"displayName sw "Ärzte""#, "resources_by_display (tenant_id=? AND type=? AND display_key>? AND display_key<?)"),
            ("Group", "displayName pr", "resources_by_display (tenant_id=? AND type=? AND display_key>?)"),
            ("User", #"externalId sw "EXT-""#, "resources_by_external_id (tenant_id=? AND type=? AND external_id>? AND external_id<?)"),
            ("User", "externalId pr", "resources_by_external_id (tenant_id=? AND type=? AND external_id>?)"),
            ("User", #"emails.value sw "ada""#, "resource_values_by_value (tenant_id=? AND attribute=? AND value_key>? AND value_key<?)"),
            ("User", "emails.value pr", "resource_values_by_value (tenant_id=? AND attribute=? AND value_key>?)"),
            ("User", #"meta.lastModified gt "2025-01-01T00:00:00Z""#, "resources_by_modified (tenant_id=? AND type=? AND modified_ms>?)"),
            ("User", #"meta.lastModified ge "2025-01-01T00:00:00Z""#, "resources_by_modified (tenant_id=? AND type=? AND modified_ms>?)"),
            ("User", #"meta.lastModified lt "2025-01-01T00:00:00Z""#, "resources_by_modified (tenant_id=? AND type=? AND modified_ms<?)"),
            ("User", #"meta.lastModified le "2025-01-01T00:00:00Z""#, "resources_by_modified (tenant_id=? AND type=? AND modified_ms<?)"),
        ])
    func indexedFilter(type: String, filter: String, constraint: String) async throws {
        let plans = try await StoreFixture.run { fixture in
            try await Self.plans(type, ResourceQuery(filter: try Filter.parse(filter)), fixture: fixture)
        }
        #expect(plans.count == 2, "count and page: \(plans)")
        for plan in plans {
            #expect(plan.contains(constraint), "\(filter): \(plan)")
            #expect(!plan.contains("SCAN r"), "\(filter): \(plan)")
        }
    }

    @Test("meta.lastModified pr reads the tenant's type through an index, not the table")
    func lastModifiedPresent() async throws {
        // modified_ms is NOT NULL: `pr` holds for every row, so the type's own index is the plan.
        let plans = try await StoreFixture.run { fixture in
            try await Self.plans("User", ResourceQuery(filter: try Filter.parse("meta.lastModified pr")), fixture: fixture)
        }
        for plan in plans {
            #expect(plan.contains("USING"), "\(plan)")
            #expect(plan.contains("tenant_id=? AND type=?"), "\(plan)")
            #expect(!plan.contains("SCAN r"), "\(plan)")
        }
    }

    @Test(
        "a keyset page sorted by an indexed NOT NULL column is a range of its index, in order",
        arguments: [("userName", "resources_by_name", "name_key"), ("meta.lastModified", "resources_by_modified", "modified_ms")])
    func sortedKeysetPage(sortBy: String, index: String, column: String) async throws {
        var query = ResourceQuery(sortBy: try AttributePath.parse(sortBy), count: 100)
        query.paging = .after(KeysetPosition(seq: 10_000, sortKey: column == "name_key" ? .text("m") : .integer(1_700_000_000_000)))
        let plans = try await StoreFixture.run { fixture in try await Self.plans("User", query, fixture: fixture) }
        let page = plans.last ?? ""
        // SQLite seeks to the row value's first column and checks the rest on the index entries.
        #expect(page.contains("\(index) (tenant_id=? AND type=? AND \(column)>?)"), "\(page)")
        #expect(!page.contains("TEMP B-TREE"), "\(page)")
        #expect(!page.contains("SCAN"), "\(page)")
    }

    @Test("a keyset page seeks seq > ? on resources_by_type and needs no sort", arguments: [false, true])
    func keysetPage(first: Bool) async throws {
        var query = ResourceQuery(count: 100)
        query.paging = first ? .firstKeyset : .after(KeysetPosition(seq: 10_000))
        let plans = try await StoreFixture.run { fixture in try await Self.plans("User", query, fixture: fixture) }
        #expect(plans.count == 2, "\(plans)")
        let page = plans.last ?? ""
        let constraint = first ? "(tenant_id=? AND type=?)" : "(tenant_id=? AND type=? AND seq>?)"
        #expect(page.contains("resources_by_type \(constraint)"), "\(page)")
        #expect(!page.contains("TEMP B-TREE"), "\(page)")
        #expect(!page.contains("SCAN"), "\(page)")
    }
}
