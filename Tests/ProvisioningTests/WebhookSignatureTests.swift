import Provisioning
import Testing

/// The signature a receiver checks, against a MAC computed outside Swift (Python's `hmac` over
/// the same bytes), so a change to what is signed cannot pass by changing both sides at once.
@Suite("Webhook signature and retry policy")
struct WebhookSignatureTests {
    static let body = Array(#"{"id":"x"}"#.utf8)
    static let secret = "0123456789abcdef-webhook"
    // python3 -c 'import hmac,hashlib; print(hmac.new(b"0123456789abcdef-webhook", b"1764610000.{\"id\":\"x\"}", hashlib.sha256).hexdigest())'
    static let expected = "t=1764610000,v1=4227a884da483e27b02dc70a4f44b5e46dfabe97ad54f2fa813d0f7363886c8c"

    @Test("the header is t=UNIX,v1=HMAC-SHA256(secret, t.body) in lowercase hex")
    func knownVector() {
        #expect(WebhookSignature.header(body: Self.body, secret: Self.secret, timestamp: 1_764_610_000) == Self.expected)
    }

    @Test("verification accepts the window either side and refuses a replay, another secret or body, and garbage")
    func verification() {
        let t: Int64 = 1_764_610_000
        #expect(WebhookSignature.verify(header: Self.expected, body: Self.body, secret: Self.secret, nowSeconds: t + 300))
        #expect(WebhookSignature.verify(header: Self.expected, body: Self.body, secret: Self.secret, nowSeconds: t - 300))
        #expect(!WebhookSignature.verify(header: Self.expected, body: Self.body, secret: Self.secret, nowSeconds: t + 301))
        #expect(!WebhookSignature.verify(header: Self.expected, body: Self.body, secret: Self.secret + "x", nowSeconds: t))
        #expect(!WebhookSignature.verify(header: Self.expected, body: Self.body + [0x20], secret: Self.secret, nowSeconds: t))
        for bad in ["", "t=abc,v1=00", "v1=4227a884", "t=1764610000", "t=1764610000,v1=zz"] {
            #expect(!WebhookSignature.verify(header: bad, body: Self.body, secret: Self.secret, nowSeconds: t), "\(bad)")
        }
    }

    @Test("delays double from the base with equal jitter, never shrink, stop at the cap, and the budget ends retries")
    func backoff() {
        let policy = RetryPolicy(baseDelayMs: 1_000, maxDelayMs: 8_000, budgetMs: 20_000)
        #expect((1...6).map { policy.delayMs(afterAttempts: $0, random: { $0.lowerBound }) } == [500, 1_000, 2_000, 4_000, 4_000, 4_000])
        #expect((1...6).map { policy.delayMs(afterAttempts: $0, random: { $0.upperBound }) } == [1_000, 2_000, 4_000, 8_000, 8_000, 8_000])
        #expect(RetryPolicy.standard.delayMs(afterAttempts: 200) <= 3_600_000)
        #expect(policy.outcome(attempts: 1, createdMs: 0, nowMs: 1_000).retryAtMs != nil)
        #expect(policy.outcome(attempts: 4, createdMs: 0, nowMs: 19_000).retryAtMs == nil)
    }
}
