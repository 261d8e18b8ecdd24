import Logging
import Provisioning
import ServiceLifecycle

/// Runs recompute jobs: assignment recomputes that an administrative change left to be done in
/// chunks (a role deleted while 80,000 users hold it). Polls for unfinished jobs, so a job that
/// scimctl started, or that a restart interrupted, is carried on here; every chunk is its own
/// short write transaction, so identity-provider writes interleave with the job.
struct RecomputeJobRunner: Service {
    let mappings: MappingService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let chunks = try await mappings.runUnfinishedRecomputeJobs()
                if chunks > 0 { logger.info("recompute jobs: ran \(chunks) chunks") }
            } catch {
                logger.error("recompute job failed, retrying later: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
