import Logging
import Provisioning
import ServiceLifecycle

/// Deletes sync-log entries and events older than the retention period, hourly, in small
/// batches so provisioning writes never wait behind it (requirements §7, §8).
struct SyncLogPruner: Service {
    let syncLog: SyncLogService
    /// Events are kept as long as the log: the feed and the log tell the same recent history.
    let events: EventFeed
    let retentionDays: Int
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let deleted = try await syncLog.prune(retentionDays: retentionDays)
                if deleted > 0 { logger.info("pruned \(deleted) sync-log entries older than \(retentionDays) days") }
                let pruned = try await events.prune(retentionDays: retentionDays)
                if pruned > 0 { logger.info("pruned \(pruned) events older than \(retentionDays) days") }
            } catch {
                logger.error("sync-log or event pruning failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
