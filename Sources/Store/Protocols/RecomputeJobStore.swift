/// Assignment recomputes too large for one transaction, persisted so they survive a restart.
///
/// Contract: ids are assigned by the store. A job is unfinished while `finishedMs` is nil;
/// `unfinishedRecomputeJobs` lists those in creation order. `recomputeJob(id:)` is nil when
/// absent; updating a missing job changes nothing.
public protocol RecomputeJobStore {
    /// Stores a new job and returns its id.
    func insertRecomputeJob(_ job: RecomputeJobRecord) async throws -> Int64
    func recomputeJob(id: Int64) async throws -> RecomputeJobRecord?
    func unfinishedRecomputeJobs() async throws -> [RecomputeJobRecord]
    /// Records progress; a non-nil `finishedMs` finishes the job.
    func updateRecomputeJob(id: Int64, afterSeq: Int64, done: Int, finishedMs: Int64?) async throws
}
