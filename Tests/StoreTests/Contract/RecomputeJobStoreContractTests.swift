import Store
import Testing

@Suite("Store contract: RecomputeJobStore")
struct RecomputeJobStoreContractTests {
    @Test("a job is stored whole, listed while unfinished, and updated until it finishes", arguments: StoreFactory.all)
    func jobs(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1).id }
            let job = RecomputeJobRecord(
                tenantID: t, reason: "Deleted role 'Admin'", groupRefs: ["Staff", "ext-9"], errorKind: .role,
                errorTargetKey: "admin", afterSeq: 0, done: 0, correlationID: "corr-1", client: "scimctl",
                sourceAddress: "127.0.0.1", createdMs: 50)
            let (first, second) = try await store.write { tx async throws in
                (
                    try await tx.insertRecomputeJob(job),
                    try await tx.insertRecomputeJob(
                        RecomputeJobRecord(
                            tenantID: t, reason: "r", groupRefs: [], errorKind: nil, errorTargetKey: nil, afterSeq: 0, done: 0,
                            correlationID: "corr-2", client: "api", sourceAddress: nil, createdMs: 60))
                )
            }
            #expect(first != second)
            var stored = job
            stored.id = first
            #expect(try await store.read { try await $0.recomputeJob(id: first) } == stored)
            #expect(try await store.read { try await $0.recomputeJob(id: second) }?.errorKind == nil)
            #expect(try await store.read { try await $0.recomputeJob(id: second + 100) } == nil)
            #expect(try await store.read { try await $0.unfinishedRecomputeJobs() }.map(\.id) == [first, second])

            try await store.write { try await $0.updateRecomputeJob(id: first, afterSeq: 17, done: 5, finishedMs: nil) }
            let progressed = try #require(try await store.read { try await $0.recomputeJob(id: first) })
            #expect(progressed.afterSeq == 17 && progressed.done == 5 && progressed.finishedMs == nil)
            try await store.write { try await $0.updateRecomputeJob(id: first, afterSeq: 30, done: 9, finishedMs: 99) }
            #expect(try await store.read { try await $0.unfinishedRecomputeJobs() }.map(\.id) == [second])
            #expect(try await store.read { try await $0.recomputeJob(id: first) }?.finishedMs == 99)
            // Updating a job that does not exist changes nothing.
            try await store.write { try await $0.updateRecomputeJob(id: second + 100, afterSeq: 1, done: 1, finishedMs: 1) }
            #expect(try await store.read { try await $0.unfinishedRecomputeJobs() }.map(\.id) == [second])
        }
    }
}
