import Logging
import Provisioning
import ServiceLifecycle

/// Deletes sync-log entries, events and finished notification deliveries (with their attempts)
/// older than the retention period, hourly, in small batches so provisioning writes never wait
/// behind it (requirements §7, §8).
struct SyncLogPruner: Service {
    let syncLog: SyncLogService
    /// Events are kept as long as the log: the feed and the log tell the same recent history.
    let events: EventFeed
    let retentionDays: Int
    let interval: Duration
    let logger: Logger
    /// Finished deliveries go at the log's age too: their payloads are copies of events.
    var notifications: NotificationService? = nil
    /// Expired console sessions go on the same schedule.
    var consoleSessions: ConsoleSessions? = nil

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let deleted = try await syncLog.prune(retentionDays: retentionDays)
                if deleted > 0 { logger.info("pruned \(deleted) sync-log entries older than \(retentionDays) days") }
                let pruned = try await events.prune(retentionDays: retentionDays)
                if pruned > 0 { logger.info("pruned \(pruned) events older than \(retentionDays) days") }
                if let notifications {
                    let deliveries = try await notifications.prune(retentionDays: retentionDays)
                    if deliveries > 0 { logger.info("pruned \(deliveries) finished deliveries older than \(retentionDays) days") }
                }
                if let consoleSessions {
                    let sessions = try await consoleSessions.prune()
                    if sessions > 0 { logger.info("pruned \(sessions) expired console sessions") }
                }
            } catch {
                logger.error("sync-log, event or delivery pruning failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
