import Metrics
import Synchronization

/// The request counter and timer for each resource, method and status, made once per server:
/// `Counter(label:dimensions:)` and `Timer(label:dimensions:)` build their label set and look the
/// metric up in the Prometheus registry under its lock every time, ~4,000 instructions apiece
/// on every request (docs/performance.md).
final class RequestMetrics: Sendable {
    private struct Key: Hashable {
        var resource: String
        var method: String
        var status: String
    }

    /// Methods are whatever a client sends; past this many entries new ones are not kept.
    private static let limit = 1_000
    private let counters = Mutex<[Key: Counter]>([:])
    private let timers = Mutex<[Key: Timer]>([:])

    func record(resource: String, method: String, status: String, nanoseconds: Int64) {
        let key = Key(resource: resource, method: method, status: status)
        Self.cached(key, in: counters) {
            Counter(label: "scimd_requests_total", dimensions: [("resource", resource), ("method", method), ("status", status)])
        }.increment()
        Self.cached(Key(resource: resource, method: method, status: ""), in: timers) {
            Timer(label: "scimd_request_duration_seconds", dimensions: [("resource", resource), ("method", method)])
        }.recordNanoseconds(nanoseconds)
    }

    private static func cached<Metric: Sendable>(_ key: Key, in cache: borrowing Mutex<[Key: Metric]>, make: () -> Metric) -> Metric {
        if let metric = cache.withLock({ $0[key] }) { return metric }
        let metric = make()
        cache.withLock { if $0.count < limit { $0[key] = metric } }
        return metric
    }
}
