import Synchronization

/// Sign-in attempts per source address: a token bucket of `burst` attempts refilled at one per
/// `refillMs`, so guessing tokens or client secrets through the form is slow (OWASP ASVS V2.2.1).
final class SignInThrottle: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedMs: Int64
    }
    private let buckets = Mutex<[String: Bucket]>([:])
    let burst: Double
    let refillMs: Double
    /// Past this many addresses the full buckets are dropped, so the table cannot grow without bound.
    private let maxAddresses = 10_000

    init(burst: Int = 10, refillSeconds: Int = 30) {
        self.burst = Double(burst)
        self.refillMs = Double(refillSeconds) * 1000
    }

    /// Takes one attempt for `address`; false when its bucket is empty.
    func allow(_ address: String, nowMs: Int64) -> Bool {
        buckets.withLock { buckets in
            var bucket = buckets[address] ?? Bucket(tokens: burst, updatedMs: nowMs)
            bucket.tokens = min(burst, bucket.tokens + Double(nowMs - bucket.updatedMs) / refillMs)
            bucket.updatedMs = nowMs
            guard bucket.tokens >= 1 else {
                buckets[address] = bucket
                return false
            }
            bucket.tokens -= 1
            if buckets.count >= maxAddresses {
                buckets = buckets.filter { Double(nowMs - $0.value.updatedMs) / refillMs + $0.value.tokens < burst }
            }
            buckets[address] = bucket
            return true
        }
    }
}
