import Foundation
import SCIM
import Store
import Testing

/// Text reaches SQL whole: a NUL inside a string is a character like any other, not its end.
@Suite("Text with U+0000 in SQL")
struct TextBindingTests {
    @Test("a lookup of \"alice\\u{0}zzz\" does not find alice, and finds the user who has that name")
    func boundByByteCount() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            let alice = try await store.write { try await $0.insertUser(tenant: tenant, "alice") }
            try await store.read { tx in
                #expect(try await tx.resource(tenantID: tenant, type: "User", nameKey: "alice\u{0}zzz") == nil)
                #expect(try await tx.resource(tenantID: tenant, type: "User", nameKey: "alice")?.id == alice.id)
                let filter = try Filter.parse(#"userName eq "alice\u0000zzz""#)
                let page = try await tx.query(
                    tenantID: tenant, type: "User", ResourceQuery(filter: filter), schema: StoreFixture.userSchema)
                #expect(page.records.isEmpty)
            }
            // The longer name is a different user, not a duplicate of alice.
            let other = try await store.write { try await $0.insertUser(tenant: tenant, "alice\u{0}zzz") }
            try await store.read { tx in
                #expect(try await tx.resource(tenantID: tenant, type: "User", nameKey: "alice\u{0}zzz")?.id == other.id)
                let stored = try await tx.resource(tenantID: tenant, type: "User", id: other.id)
                #expect(stored?.body["userName"]?.stringValue == "alice\u{0}zzz")
            }
        }
    }

    @Test("a filter operand with a NUL is compared in full against body values, not cut at the NUL")
    func operandInFull() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }.id
            // title is caseExact false and not an indexed column: compared as scim_fold(json_extract(body, ...)).
            let boss = try await store.write {
                try await $0.insert(tenant: tenant, type: "User", body: user("b", [("title", "Boss")]))
            }
            func titled(_ filter: String) async throws -> [String] {
                try await store.read { tx in
                    try await tx.query(
                        tenantID: tenant, type: "User", ResourceQuery(filter: try Filter.parse(filter)),
                        schema: StoreFixture.userSchema
                    ).records.map(\.id)
                }
            }
            #expect(try await titled(#"title eq "BOSS""#) == [boss.id])
            #expect(try await titled(#"title eq "BOSS\u0000extra""#).isEmpty)
            #expect(try await titled(#"title sw "boss\u0000""#).isEmpty)
            #expect(try await titled(#"title co "s\u0000""#).isEmpty)
        }
    }
}
