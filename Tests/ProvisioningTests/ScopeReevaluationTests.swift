import Foundation
import Provisioning
import SCIM
import Store
import Testing

/// A change of the scope rules reaches every user of the tenant: the first chunk is
/// re-evaluated in the change's own transaction, the rest by a recompute job in chunks, each its
/// own short transaction (requirements §5).
@Suite("Scope re-evaluation in chunks")
struct ScopeReevaluationTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    @Test("a rules change over 13 users with chunks of 4 re-evaluates 4 at once and the rest by a job; every user once")
    func chunked() async throws {
        try await ServiceFixture.run(recomputeChunkSize: 4) { f in
            var ids: [String] = []
            for i in 0..<13 {
                ids.append(try await f.user("user\(i)@example.com"))
                try await f.patch(
                    .user, ids[i],
                    [["op": "add", "path": .string("\(Self.enterprise):department"), "value": i.isMultiple(of: 2) ? "Sales" : "Legal"]])
            }
            try await f.role("Member")
            try await f.mapRole("Staff", "Member")
            try await f.group("Staff", members: ids)
            for id in ids { #expect(try await f.roles(id) == ["Member"]) }

            try await f.services.scope.update(info: f.info) { $0.criteria[.department] = .values(["Sales"]) }
            let jobs = try await f.services.mappings.unfinishedRecomputeJobs()
            #expect(jobs.count == 1)
            #expect(jobs.first?.allUsers == true)
            #expect(jobs.first?.done == 4)
            // Users 1 and 3 (Legal) were in the first chunk; the other Legal users are not yet.
            #expect(try await f.log(status: .skipped).count == 2)

            _ = try await f.services.mappings.runUnfinishedRecomputeJobs()
            #expect(try await f.services.mappings.unfinishedRecomputeJobs().isEmpty)
            let skipped = try await f.log(status: .skipped)
            #expect(Set(skipped.compactMap(\.resourceName)) == Set((0..<13).filter { !$0.isMultiple(of: 2) }.map { "user\($0)@example.com" }))
            #expect(skipped.count == 6)  // once each
            let finished = try #require(try await f.log(operation: "recompute").last)
            #expect(finished.message.contains("13 users recomputed"), "\(finished.message)")
        }
    }

    @Test("rules are validated before they are saved: an unknown attribute path or an empty value list changes nothing")
    func invalidRulesRefused() async throws {
        try await ServiceFixture.run { f in
            await #expect(throws: AdminError.self) {
                try await f.services.scope.update(info: f.info) { $0.required = ["name.middle_name"] }
            }
            await #expect(throws: AdminError.self) {
                try await f.services.scope.update(info: f.info) { $0.criteria[.domain] = .values([]) }
            }
            let rules = try await f.services.scope.rules(tenant: f.info.tenant).rules
            let changes = try await f.log(operation: "scope-update")
            #expect(rules == .unrestricted)
            #expect(changes.isEmpty)
        }
    }
}
