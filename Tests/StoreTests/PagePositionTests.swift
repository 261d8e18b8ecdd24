import Foundation
import SCIM
import Store
import Testing

/// Sequential paging reuses where the previous page ended; deletes must never let it skip or
/// repeat a row compared with plain OFFSET paging.
@Suite("Paging positions")
struct PagePositionTests {
    private func page(_ store: SQLiteStore, tenant: Int64, start: Int, count: Int = 10) async throws -> [String] {
        try await store.read { tx in
            try await tx.query(
                tenantID: tenant, type: "User", ResourceQuery(startIndex: start, count: count), schema: StoreFixture.userSchema
            ).records.compactMap { $0.body["userName"]?.stringValue }
        }
    }

    @Test("pages walked in order match OFFSET paging, before and after a delete")
    func pagesMatchOffsetPaging() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            var ids: [String: String] = [:]
            for i in 1...35 {
                let record = try await store.write { try await $0.insertUser(tenant: tenant, String(format: "u%02d", i)) }
                ids[String(format: "u%02d", i)] = record.id
            }
            // Walk 1, 11, 21, 31: each page records where the next starts.
            var walked: [String] = []
            for start in stride(from: 1, through: 31, by: 10) { walked += try await page(store, tenant: tenant, start: start) }
            #expect(walked == (1...35).map { String(format: "u%02d", $0) })

            // Delete u05: every later position shifts by one; the next walk must see that.
            try await store.write { tx in
                guard let record = try await tx.resource(tenantID: tenant, type: "User", id: ids["u05"] ?? "") else {
                    Issue.record("u05 missing")
                    return
                }
                try await tx.deleteResource(seq: record.seq)
            }
            let second = try await page(store, tenant: tenant, start: 11)
            #expect(second == (12...21).map { String(format: "u%02d", $0) })

            // Appending keeps earlier positions valid: the walk continues where it was.
            try await store.write { try await $0.insertUser(tenant: tenant, "u36") }
            var rewalked: [String] = []
            for start in stride(from: 1, through: 31, by: 10) { rewalked += try await page(store, tenant: tenant, start: start) }
            #expect(rewalked == (1...36).filter { $0 != 5 }.map { String(format: "u%02d", $0) })
        }
    }

    @Test("a page out of sequence still answers by position")
    func randomAccess() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            for i in 1...25 { try await store.write { try await $0.insertUser(tenant: tenant, String(format: "u%02d", i)) } }
            #expect(try await page(store, tenant: tenant, start: 21, count: 3) == ["u21", "u22", "u23"])
            #expect(try await page(store, tenant: tenant, start: 24, count: 5) == ["u24", "u25"])
            #expect(try await page(store, tenant: tenant, start: 7, count: 2) == ["u07", "u08"])
        }
    }
}
