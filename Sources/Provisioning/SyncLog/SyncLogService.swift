import SCIM
import Store

/// Reading and pruning the sync log (requirements §7).
public final class SyncLogService: Sendable {
    let store: any ProvisioningStore
    let clock: ProvisioningClock

    init(store: any ProvisioningStore, clock: ProvisioningClock) {
        self.store = store
        self.clock = clock
    }

    /// Entries matching `query`, newest first (oldest first when following with `afterSeq`).
    public func entries(_ query: SyncLogQuery) async throws -> [SyncLogEntry] {
        try await store.read { try await $0.logEntries(query) }
    }

    /// Deletes entries older than `retentionDays`, in small batches so writers never wait long.
    @discardableResult
    public func prune(retentionDays: Int, batchSize: Int = 500) async throws -> Int {
        let cutoff = clock.nowMs() - Int64(retentionDays) * 86_400_000
        var total = 0
        while true {
            let deleted = try await store.write { try await $0.pruneLog(beforeMs: cutoff, limit: batchSize) }
            total += deleted
            if deleted < batchSize { return total }
            await Task.yield()
        }
    }
}
