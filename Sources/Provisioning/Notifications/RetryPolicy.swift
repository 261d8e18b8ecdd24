/// When a failed delivery is tried again: exponential backoff with jitter, within a retry budget
/// counted from the delivery's creation; past the budget it is `failed`.
///
/// The delay before attempt n+1 is `d/2 + random(0...d/2)` with `d = min(maxDelay, base * 2^(n-1))`
/// ("equal jitter"): receivers recovering from an outage are not hit by every scimd at the same
/// instant, yet each delay is at least the previous one, so the waits always grow until the cap.
public struct RetryPolicy: Sendable, Equatable {
    public var baseDelayMs: Int64
    public var maxDelayMs: Int64
    public var budgetMs: Int64

    /// 1 s doubling to 1 h, for 24 h.
    public static let standard = RetryPolicy(baseDelayMs: 1_000, maxDelayMs: 3_600_000, budgetMs: 86_400_000)

    public init(baseDelayMs: Int64, maxDelayMs: Int64, budgetMs: Int64) {
        self.baseDelayMs = baseDelayMs
        self.maxDelayMs = maxDelayMs
        self.budgetMs = budgetMs
    }

    /// The delay after the `attempts`-th failed attempt (1 for the first).
    public func delayMs(afterAttempts attempts: Int, random: (ClosedRange<Int64>) -> Int64 = { Int64.random(in: $0) }) -> Int64 {
        let exponent = min(max(attempts - 1, 0), 40)
        let full = min(maxDelayMs, baseDelayMs.multipliedReportingOverflow(by: Int64(1) << exponent).overflow
            ? maxDelayMs : baseDelayMs << exponent)
        let half = full / 2
        return half + random(0...(full - half))
    }

    /// What to do after a failed attempt at `nowMs`: retry at an instant, or fail when it would fall past the budget.
    public func outcome(attempts: Int, createdMs: Int64, nowMs: Int64) -> (retryAtMs: Int64?, delayMs: Int64) {
        let delay = delayMs(afterAttempts: attempts)
        let at = nowMs + delay
        return (at <= createdMs + budgetMs ? at : nil, delay)
    }
}
