import Foundation
import Histogram
import Synchronization

/// What one phase measured.
struct PhaseResult: Sendable {
    typealias Latencies = Histogram<UInt64>

    var name: String
    var requests: Int
    var errors: Int
    var seconds: Double
    var histogram: Latencies
    /// The phase hit `--max-seconds` before issuing every request.
    var truncated: Bool
    /// The first few error descriptions, for stderr.
    var samples: [String]
    /// What the phase did, where the name does not say it all (e.g. the page it read).
    var note: String? = nil
    /// CPU seconds the server (with `--server-pid`) and scimbench used during the phase.
    var serverCPU: Double? = nil
    var clientCPU: Double? = nil
    /// CPU seconds a PostgreSQL cluster (with `--database-pid`) used during the phase.
    var databaseCPU: Double? = nil
    /// The server's peak resident set (VmHWM, kB) when the phase ended: which phase raised it.
    var serverPeakKB: Int? = nil

    /// CPU microseconds per request, when measured.
    func cpuMicros(_ seconds: Double?) -> Double? {
        guard let seconds, requests > 0 else { return nil }
        return seconds * 1e6 / Double(requests)
    }

    var opsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    /// Latency at a percentile, in milliseconds.
    func millis(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1000 }
    var maxMillis: Double { Double(histogram.max) / 1000 }
}

/// A wrong answer: the request succeeded at the HTTP level but the server said the wrong thing.
struct Mismatch: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `count` operations with `concurrency` workers, each a closed loop (next request when the
/// previous answer is in), timing each operation into an HdrHistogram (microseconds).
enum PhaseRunner {
    static func run(
        _ name: String, count: Int, concurrency: Int, maxSeconds: Double,
        _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async -> PhaseResult {
        let next = Ticket()
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int64(maxSeconds * 1000)))
        let workers = max(1, min(concurrency, count))
        var merged = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
        var done = 0
        var errors = 0
        var samples: [String] = []
        var truncated = false
        await withTaskGroup(of: Worker.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var worker = Worker()
                    while true {
                        if clock.now >= deadline {
                            worker.stoppedEarly = true
                            break
                        }
                        let index = next.value.wrappingAdd(1, ordering: .relaxed).oldValue
                        if index >= count { break }
                        let began = clock.now
                        do {
                            try await operation(index)
                        } catch {
                            worker.errors += 1
                            if worker.samples.count < 3 { worker.samples.append("#\(index): \(error)") }
                        }
                        let elapsed = began.duration(to: clock.now)
                        let micros = UInt64(max(1, elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000))
                        _ = worker.histogram.record(micros)
                        worker.done += 1
                    }
                    return worker
                }
            }
            for await worker in group {
                merged.add(worker.histogram)
                done += worker.done
                errors += worker.errors
                truncated = truncated || worker.stoppedEarly
                if samples.count < 5 { samples += worker.samples.prefix(5 - samples.count) }
            }
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return PhaseResult(
            name: name, requests: done, errors: errors, seconds: seconds, histogram: merged, truncated: truncated && done < count,
            samples: samples)
    }

    /// The next request index, shared by the workers.
    private final class Ticket: Sendable {
        let value = Atomic<Int>(0)
    }

    private struct Worker: Sendable {
        var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
        var done = 0
        var errors = 0
        var stoppedEarly = false
        var samples: [String] = []
    }
}
