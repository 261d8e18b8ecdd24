import Store

/// Reading and pruning the event outbox (requirements §8).
public final class EventFeed: Sendable {
    let store: any ProvisioningStore
    let clock: ProvisioningClock

    init(store: any ProvisioningStore, clock: ProvisioningClock) {
        self.store = store
        self.clock = clock
    }

    /// A tenant's events after the cursor `after`, oldest first.
    public func events(tenantID: Int64, after: Int64, limit: Int, types: [EventType]) async throws -> [EventRecord] {
        try await store.read { try await $0.events(tenantID: tenantID, after: after, limit: limit, types: types.map(\.rawValue)) }
    }

    /// The cursor of a tenant's newest event (0 when it has none), where a follower starts.
    public func latestCursor(tenantID: Int64) async throws -> Int64 {
        try await store.read { try await $0.latestEventSeq(tenantID: tenantID) }
    }

    /// Deletes events older than `retentionDays` (the sync log's retention), in small batches
    /// so writers never wait long; returns how many.
    @discardableResult
    public func prune(retentionDays: Int, batchSize: Int = 500) async throws -> Int {
        let cutoff = clock.nowMs() - Int64(retentionDays) * 86_400_000
        var total = 0
        while true {
            let deleted = try await store.write { try await $0.pruneEvents(beforeMs: cutoff, limit: batchSize) }
            total += deleted
            if deleted < batchSize { return total }
            await Task.yield()
        }
    }
}
