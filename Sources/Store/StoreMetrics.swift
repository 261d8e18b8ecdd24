import Metrics

/// The store's metrics (swift-metrics; scimd exports them in Prometheus form at /metrics).
package enum StoreMetrics {
    // Made on each use, not kept: the metrics system may be bootstrapped after the store opens
    // (scimd writes its first token before it builds the HTTP application), and a kept handle
    // would stay the no-op one. The registry returns the same series for the same label.

    /// From asking for the writer until getting it: the write queue and another process's lock.
    package static var writeWait: Timer { Timer(label: "scimd_write_wait_seconds") }
    /// From getting the writer until the transaction settled: the write's own cost.
    package static var writeTransaction: Timer { Timer(label: "scimd_write_transaction_seconds") }

    /// Writes settled by one COMMIT (group commit); 0 for a transaction rolled back as a whole.
    static var commitBatch: Recorder { Recorder(label: "scimd_write_batch_size", aggregate: true) }

    /// Counts a committed transaction's sync-log entries by status (rolled-back ones never count).
    package static func committed(logStatuses: [SyncStatus]) {
        for status in logStatuses {
            Counter(label: "scimd_sync_log_entries_total", dimensions: [("status", status.rawValue)]).increment()
        }
    }

    package static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
