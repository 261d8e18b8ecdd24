import SCIM
import Store

extension MappingService {
    /// Logs an administrative change and recomputes the users `scope` reaches, inside that
    /// change's transaction while they are few; beyond `recomputeChunkSize` the rest become a
    /// recompute job that runs in chunks of that size, each its own short transaction, so
    /// identity-provider writes interleave with it (every tenant's writes wait behind one
    /// writer). The admin entry, written first, says how many users were recomputed or which
    /// job carries on; the users' own entries follow it.
    func logAndRecompute(
        _ operation: String, _ reason: String, scope: RecomputeScope, tx: any StoreTransaction, engine: AssignmentEngine,
        info: RequestInfo
    ) async throws {
        let first = try await scope.nextUsers(after: 0, limit: recomputeChunkSize + 1, tenantID: info.tenant.id, tx: tx)
        let chunk = Array(first.prefix(recomputeChunkSize))
        let outcome: String
        if first.count > recomputeChunkSize, let last = chunk.last {
            let job = RecomputeJobRecord(
                tenantID: info.tenant.id, reason: reason, groupRefs: scope.groupRefs, errorKind: scope.errorKind,
                errorTargetKey: scope.errorTargetKey, allUsers: scope.allUsers, afterSeq: last, done: chunk.count, correlationID: info.correlationID,
                client: info.client ?? "scimctl", sourceAddress: info.sourceAddress, createdMs: clock.nowMs())
            let id = try await tx.insertRecomputeJob(job)
            outcome = "\(chunk.count) users recomputed now, the others in chunks of \(recomputeChunkSize) by recompute job \(id)"
        } else {
            outcome = "\(chunk.count) user\(chunk.count == 1 ? "" : "s") recomputed"
        }
        try await tx.appendLog(adminEntry(operation, "\(reason); \(outcome)", info: info))
        try await engine.recompute(chunk, tx: tx)
    }

    /// Runs one chunk of a recompute job in its own write transaction. Returns true while the
    /// job has more to do. Any process may run any job: the cursor is read and advanced inside
    /// the chunk's transaction, so two runners never recompute the same chunk twice.
    public func runRecomputeChunk(jobID: Int64) async throws -> Bool {
        try await store.write { tx in
            guard var job = try await tx.recomputeJob(id: jobID), job.finishedMs == nil else { return false }
            guard let tenant = try await tx.tenant(id: job.tenantID) else {
                try await tx.updateRecomputeJob(id: job.id, afterSeq: job.afterSeq, done: job.done, finishedMs: self.clock.nowMs())
                return false
            }
            let info = RequestInfo(
                tenant: tenant, correlationID: job.correlationID, client: job.client, sourceAddress: job.sourceAddress, baseURL: "")
            let scope = RecomputeScope(
                groupRefs: job.groupRefs, errorKind: job.errorKind, errorTargetKey: job.errorTargetKey, allUsers: job.allUsers)
            let next = try await scope.nextUsers(after: job.afterSeq, limit: self.recomputeChunkSize, tenantID: tenant.id, tx: tx)
            try await AssignmentEngine(tenantID: tenant.id, info: info, clock: self.clock, userSchema: self.userSchema).recompute(next, tx: tx)
            job.done += next.count
            job.afterSeq = next.last ?? job.afterSeq
            let finished = next.count < self.recomputeChunkSize
            if finished {
                try await tx.appendLog(
                    self.adminEntry(
                        "recompute", "\(job.reason): recompute job \(job.id) finished, \(job.done) users recomputed", info: info))
            }
            try await tx.updateRecomputeJob(
                id: job.id, afterSeq: job.afterSeq, done: job.done, finishedMs: finished ? self.clock.nowMs() : nil)
            return !finished
        }
    }

    /// Runs every unfinished recompute job to its end, chunk after chunk; returns the number
    /// of chunks run. The server calls it periodically (and so resumes jobs a restart
    /// interrupted); scimctl calls it after the change that created a job.
    @discardableResult
    public func runUnfinishedRecomputeJobs() async throws -> Int {
        var chunks = 0
        for job in try await store.read({ try await $0.unfinishedRecomputeJobs() }) {
            while try await runRecomputeChunk(jobID: job.id) {
                chunks += 1
                // Between chunks the writer is free. In this process the writer queue is FIFO, but
                // another process (scimd next to scimctl) only gets SQLite's lock if this one pauses:
                // SQLite's lock is not fair between processes.
                try await Task.sleep(for: Self.pauseBetweenChunks)
            }
            chunks += 1
        }
        return chunks
    }

    /// The pause between two chunks of a job: a few milliseconds, about a tenth of a chunk's work.
    static let pauseBetweenChunks = Duration.milliseconds(10)

    /// Unfinished recompute jobs, for `scimctl` and the admin API to show progress.
    public func unfinishedRecomputeJobs() async throws -> [RecomputeJobRecord] {
        try await store.read { try await $0.unfinishedRecomputeJobs() }
    }
}
