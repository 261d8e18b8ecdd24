import Foundation
import Logging
import Provisioning
import SCIM
import Store
import Testing

/// Administrative changes that reach more users than one chunk commit at once and recompute the
/// rest in chunks, each its own transaction, through a persisted job that resumes after a restart.
@Suite("Recompute jobs")
struct RecomputeJobTests {
    /// `count` users in group "Staff", mapped to role "Admin", which exists: every user holds it.
    static func staffWithAdmin(_ f: ServiceFixture, count: Int) async throws -> [String] {
        try await f.role("Admin")
        try await f.mapRole("Staff", "Admin")
        var ids: [String] = []
        for i in 0..<count { ids.append(try await f.user("user\(i)@example.com")) }
        try await f.group("Staff", members: ids)
        return ids
    }

    @Test("a change reaching more users than a chunk commits at once and the job recomputes every other user once")
    func chunkedRecompute() async throws {
        try await ServiceFixture.run(recomputeChunkSize: 5) { f in
            let ids = try await Self.staffWithAdmin(f, count: 23)
            for id in ids { #expect(try await f.roles(id) == ["Admin"]) }
            _ = try await f.services.mappings.deleteRole(name: "Admin", info: f.info)
            // The first chunk ran in the change's own transaction; the job holds the rest.
            let jobs = try await f.services.mappings.unfinishedRecomputeJobs()
            #expect(jobs.count == 1)
            #expect(jobs.first?.done == 5)
            var stale = 0
            for id in ids where try await f.roles(id) == ["Admin"] { stale += 1 }
            #expect(stale == 18)

            let chunks = try await f.services.mappings.runUnfinishedRecomputeJobs()
            #expect(chunks == 4)  // 5 + 5 + 5 + 3: the last, short chunk finishes the job
            #expect(try await f.services.mappings.unfinishedRecomputeJobs().isEmpty)
            for id in ids {
                #expect(try await f.roles(id).isEmpty)
                #expect(try await f.assignment(id).errors.count == 1)
            }
            // One failure entry per user, the admin entry, and the job's closing entry with its count.
            let failures = try await f.log(status: .failure).filter { $0.message.hasPrefix("Unable to update user's role") }
            #expect(failures.count == 23)
            #expect(Set(failures.compactMap(\.resourceID)) == Set(ids))
            let admin = try await f.log(operation: "role-delete")
            #expect(admin.count == 1)
            #expect(admin.first?.message.contains("recompute job") == true)
            let closing = try await f.log(operation: "recompute")
            #expect(closing.count == 1)
            #expect(closing.first?.message.contains("23 users recomputed") == true)
        }
    }

    @Test("a change that fits in one chunk needs no job")
    func smallChangeInline() async throws {
        try await ServiceFixture.run(recomputeChunkSize: 5) { f in
            let ids = try await Self.staffWithAdmin(f, count: 5)
            _ = try await f.services.mappings.deleteRole(name: "Admin", info: f.info)
            #expect(try await f.services.mappings.unfinishedRecomputeJobs().isEmpty)
            for id in ids { #expect(try await f.roles(id).isEmpty) }
            #expect(try await f.log(operation: "role-delete").first?.message.contains("5 users recomputed") == true)
        }
    }

    @Test("a job interrupted by a restart is resumed by another process over the same file")
    func resumesAfterRestart() async throws {
        try await ServiceFixture.run(recomputeChunkSize: 4) { f in
            let ids = try await Self.staffWithAdmin(f, count: 14)
            _ = try await f.services.mappings.deleteRole(name: "Admin", info: f.info)
            let job = try #require(try await f.services.mappings.unfinishedRecomputeJobs().first)
            #expect(try await f.services.mappings.runRecomputeChunk(jobID: job.id))  // one more chunk, then "crash"

            var logger = Logger(label: "restarted")
            logger.logLevel = .warning
            let restarted = try ProvisioningServices.openSQLite(
                databasePath: f.databasePath, schemaDirectory: ServiceFixture.schemaDirectory, logger: logger,
                recomputeChunkSize: 4)
            let resumed = try #require(try await restarted.mappings.unfinishedRecomputeJobs().first)
            #expect(resumed.id == job.id)
            #expect(resumed.done == 8)
            try await restarted.mappings.runUnfinishedRecomputeJobs()
            for id in ids { #expect(try await f.roles(id).isEmpty) }
            let failures = try await f.log(status: .failure).filter { $0.message.hasPrefix("Unable to update user's role") }
            #expect(failures.count == 14)  // nobody twice, nobody missed
        }
    }

    @Test("two runners on one job never recompute a user twice")
    func concurrentRunners() async throws {
        try await ServiceFixture.run(recomputeChunkSize: 3) { f in
            let ids = try await Self.staffWithAdmin(f, count: 30)
            _ = try await f.services.mappings.deleteRole(name: "Admin", info: f.info)
            var logger = Logger(label: "second")
            logger.logLevel = .warning
            let second = try ProvisioningServices.openSQLite(
                databasePath: f.databasePath, schemaDirectory: ServiceFixture.schemaDirectory, logger: logger,
                recomputeChunkSize: 3)
            async let a = f.services.mappings.runUnfinishedRecomputeJobs()
            async let b = second.mappings.runUnfinishedRecomputeJobs()
            _ = try await (a, b)
            let failures = try await f.log(status: .failure).filter { $0.message.hasPrefix("Unable to update user's role") }
            #expect(failures.count == ids.count)
            #expect(Set(failures.compactMap(\.resourceID)).count == ids.count)
        }
    }

    @Test("users who join the group while the job runs are recomputed by their own write, and the job still ends")
    func writesInterleave() async throws {
        try await ServiceFixture.run(recomputeChunkSize: 4) { f in
            let ids = try await Self.staffWithAdmin(f, count: 12)
            _ = try await f.services.mappings.deleteRole(name: "Admin", info: f.info)
            let job = try #require(try await f.services.mappings.unfinishedRecomputeJobs().first)
            _ = try await f.services.mappings.runRecomputeChunk(jobID: job.id)
            // An identity-provider write between two chunks: a new member joins.
            let late = try await f.user("late@example.com")
            let staff = try #require(
                try await f.services.resources.query(
                    .group, ResourceQuery(filter: try Filter.parse("displayName eq \"Staff\""), count: 1), info: f.info
                ).resources.first?.object["id"]?.stringValue)
            try await f.addMembers(staff, [late])
            #expect(try await f.assignment(late).errors.count == 1)
            try await f.services.mappings.runUnfinishedRecomputeJobs()
            for id in ids + [late] { #expect(try await f.assignment(id).errors.count == 1) }
        }
    }
}
