import Foundation
import HTTPTypes
import Provisioning
import SCIM
import ScimdServer
import Store
import Testing

/// The deliverer against a real receiver on 127.0.0.1: signed POSTs of the outbox events, the
/// same `X-Scimd-Delivery` on every retry, growing delays after a 500 and after a timeout, a
/// lapsed lease taken over (a process that died mid-delivery), and `failed` with a sync-log
/// warning once the retry budget is spent.
@Suite("Webhook delivery", .serialized)
struct WebhookDeliveryTests {
    static let secret = "0123456789abcdef-webhook"

    static func settings(timeout: Duration = .seconds(2), budgetMs: Int64 = 60_000) -> NotificationDeliverer.Settings {
        var s = NotificationDeliverer.Settings()
        s.timeout = timeout
        s.leaseMs = 5_000
        s.retry = RetryPolicy(baseDelayMs: 200, maxDelayMs: 2_000, budgetMs: budgetMs)
        return s
    }

    /// Runs passes until `done` holds or `seconds` pass; true when it held.
    static func drive(_ deliverer: NotificationDeliverer, seconds: Double = 10, until done: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            try await deliverer.pass()
            if try await done() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await done()
    }

    static func subscribe(_ scim: SCIMTestClient, _ url: String, events: [String]? = nil) async throws -> SubscriptionRecord {
        try await scim.services.notifications.addWebhook(
            SubscriptionSettings(url: url, secret: secret, events: events, frequency: "never"), info: try await scim.adminInfo())
    }

    @Test("each event is POSTed once, signed over t.body with the secret, with the delivery id and type headers")
    func signedDelivery() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run { url, recorder in
                let subscription = try await Self.subscribe(scim, url, events: ["user.created"])
                let created = try await scim.createUser("ann@example.com")
                #expect(created.status == 201)
                let deliverer = NotificationDeliverer(services: scim.services, settings: Self.settings(), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                #expect(try await Self.drive(deliverer) { await recorder.received.count >= 1 })
                try await Task.sleep(for: .milliseconds(300))
                try await deliverer.pass()
                let received = await recorder.received
                #expect(received.count == 1, "one user.created, nothing else (types filter), nothing twice")
                let hit = try #require(received.first)
                let signature = try #require(hit.header("X-Scimd-Signature"))
                let now = Int64(Date().timeIntervalSince1970)
                #expect(WebhookSignature.verify(header: signature, body: hit.body, secret: Self.secret, nowSeconds: now))
                #expect(!WebhookSignature.verify(header: signature, body: hit.body, secret: "wrong-secret-0123456", nowSeconds: now))
                #expect(!WebhookSignature.verify(header: signature, body: hit.body + [0x20], secret: Self.secret, nowSeconds: now))
                #expect(!WebhookSignature.verify(header: signature, body: hit.body, secret: Self.secret, nowSeconds: now + 301))
                let event = try SCIMValue(parsing: hit.text)
                #expect(event["type"] == "user.created" && event["data"]?["userName"] == "ann@example.com", "\(hit.text)")
                #expect(hit.header("X-Scimd-Event") == "user.created" && hit.header("Content-Type") == "application/json")
                let delivery = try #require(hit.header("X-Scimd-Delivery"))
                let status = try await scim.services.notifications.status(of: subscription)
                #expect(status.counts == DeliveryCounts(delivered: 1))
                #expect(status.recentAttempts.map(\.deliveryID) == [delivery] && status.recentAttempts.first?.httpStatus == 204)
            }
        }
    }

    @Test("after 500s it retries with the same delivery id and growing delays, then delivers")
    func retriesAfterServerErrors() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run(respond: { $0 < 3 ? (.internalServerError, .zero) : (.ok, .zero) }) { url, recorder in
                let subscription = try await Self.subscribe(scim, url, events: ["user.created"])
                _ = try await scim.createUser("bob@example.com")
                let deliverer = NotificationDeliverer(services: scim.services, settings: Self.settings(), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                #expect(try await Self.drive(deliverer) { await recorder.received.count >= 4 })
                let received = await recorder.received
                #expect(Set(received.compactMap { $0.header("X-Scimd-Delivery") }).count == 1, "one id across retries")
                #expect(received.map(\.text).allSatisfy { $0 == received[0].text }, "the same body every time")
                let gaps = zip(received.dropFirst(), received).map { $0.atMs - $1.atMs }
                // Equal jitter over 200 ms doubling: at least 100, 200, 400 ms, each at least the previous.
                // (Lower bounds only: a gap is the delay plus the pass's latency, which a loaded machine
                // stretches by more than the jitter, so comparing gaps with each other flaked. That each
                // delay is at least the one before is RetryPolicy's pure test, WebhookSignatureTests.backoff.)
                #expect(gaps.count == 3 && gaps[0] >= 100 && gaps[1] >= 200 && gaps[2] >= 400, "\(gaps)")
                let status = try await scim.services.notifications.status(of: subscription)
                #expect(status.counts == DeliveryCounts(delivered: 1))
                #expect(status.recentAttempts.compactMap(\.httpStatus) == [200, 500, 500, 500])
                #expect(status.recentAttempts.dropFirst().allSatisfy { $0.error == "HTTP 500" })
            }
        }
    }

    @Test("an answer slower than the timeout is a failed attempt, retried under the same id")
    func retriesAfterTimeout() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run(respond: { $0 == 0 ? (.ok, .seconds(2)) : (.ok, .zero) }) { url, recorder in
                let subscription = try await Self.subscribe(scim, url, events: ["user.created"])
                _ = try await scim.createUser("cy@example.com")
                let deliverer = NotificationDeliverer(
                    services: scim.services, settings: Self.settings(timeout: .milliseconds(300)), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                #expect(try await Self.drive(deliverer) {
                    try await scim.services.notifications.status(of: subscription).counts.delivered == 1
                })
                let status = try await scim.services.notifications.status(of: subscription)
                let failed = try #require(status.recentAttempts.last)
                #expect(failed.httpStatus == nil && failed.error?.contains("no answer") == true, "\(failed)")
                #expect(failed.durationMs >= 250 && failed.durationMs < 1_900, "\(failed)")
                let ids = await recorder.received.compactMap { $0.header("X-Scimd-Delivery") }
                #expect(ids.count == 2 && Set(ids).count == 1)
            }
        }
    }

    @Test("a delivery leased by a process that died is sent by the next one once the lease lapses, once")
    func leaseTakenOver() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run { url, recorder in
                let subscription = try await Self.subscribe(scim, url, events: ["user.created"])
                _ = try await scim.createUser("dee@example.com")
                try await scim.services.notifications.planEvents(subscriptionID: subscription.id, tenantID: subscription.tenantID)
                // The dead process: it claimed the delivery for 800 ms and never finished it.
                let dead = try await scim.services.notifications.claim(owner: "dead", leaseMs: 800, limit: 10)
                #expect(dead.count == 1)
                let deliverer = NotificationDeliverer(services: scim.services, settings: Self.settings(), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                try await deliverer.pass()
                #expect(await recorder.received.isEmpty, "the lease still holds")
                #expect(try await Self.drive(deliverer) { await recorder.received.count == 1 })
                try await deliverer.pass()
                #expect(await recorder.received.count == 1)
                #expect(await recorder.received.first?.header("X-Scimd-Delivery") == dead.first?.id)
            }
        }
    }

    @Test("a claim whose lease runs out behind a slow receiver is not sent by two deliverers at once")
    func leaseOutlastsEachAttempt() async throws {
        try await TestServer.run { scim in
            // Each answer takes 500 ms; a claim of six leased for 2 s cannot send them all in time.
            try await WebhookReceiver.run(respond: { _ in (.ok, .milliseconds(500)) }) { url, recorder in
                let subscription = try await Self.subscribe(scim, url, events: ["user.created"])
                for name in ["l1", "l2", "l3", "l4", "l5", "l6"] { _ = try await scim.createUser("\(name)@example.com") }
                var settings = Self.settings(timeout: .seconds(1))
                settings.leaseMs = 2_000
                // Two processes on one file: two owners claiming from the same tables.
                let one = NotificationDeliverer(services: scim.services, settings: settings, logger: .init(label: "t"))
                let two = NotificationDeliverer(services: scim.services, settings: settings, logger: .init(label: "t"))
                defer { Task { await one.shutdown(); await two.shutdown() } }
                let delivered: @Sendable () async throws -> Bool = {
                    try await scim.services.notifications.status(of: subscription).counts.delivered == 6
                }
                async let first = Self.drive(one, seconds: 40, until: delivered)
                async let second = Self.drive(two, seconds: 40, until: delivered)
                let done = try await (first, second)
                #expect(done.0 && done.1)
                let ids = await recorder.received.compactMap { $0.header("X-Scimd-Delivery") }
                #expect(Set(ids).count == 6)
                // Sent past its lease, a delivery goes out from both deliverers and is answered
                // 200 twice. (An attempt that timed out on a busy machine is a retry, not this.)
                let status = try await scim.services.notifications.status(of: subscription, attempts: 100)
                let answered = Dictionary(grouping: status.recentAttempts.filter { $0.httpStatus == 200 }, by: \.deliveryID)
                #expect(answered.count == 6 && answered.values.allSatisfy { $0.count == 1 }, "\(answered.mapValues(\.count))")
            }
        }
    }

    @Test("a deliverer leaves deliveries of a channel it has no transport for unleased, for a process that has one")
    func claimsOnlyItsChannels() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run { url, recorder in
                let hook = try await Self.subscribe(scim, url, events: ["user.created"])
                // An email subscription, as a scimd with a mail transport would serve it.
                var mail = hook
                mail.id = "mail-subscription"
                mail.channel = .email
                mail.target = "ops@example.com"
                try await scim.services.store.write { try await $0.insertSubscription(mail) }
                let info = try await scim.adminInfo()
                let mailTest = try await scim.services.notifications.queueTest(id: mail.id, info: info)
                let hookTest = try await scim.services.notifications.queueTest(id: hook.id, info: info)
                let deliverer = NotificationDeliverer(services: scim.services, settings: Self.settings(), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                #expect(try await Self.drive(deliverer) { await recorder.received.count >= 1 })
                try await deliverer.pass()
                #expect(await recorder.received.compactMap { $0.header("X-Scimd-Delivery") } == [hookTest.id])
                let waiting = try #require(try await scim.services.store.read { try await $0.delivery(id: mailTest.id) })
                #expect(waiting.state == .pending && waiting.leaseOwner == nil && waiting.attempts == 0, "\(waiting)")
            }
        }
    }

    @Test("past the retry budget a delivery is failed, a warning in the sync log and in status")
    func failsAfterBudget() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run(respond: { _ in (.serviceUnavailable, .zero) }) { url, _ in
                let subscription = try await Self.subscribe(scim, url, events: ["user.created"])
                _ = try await scim.createUser("eve@example.com")
                let deliverer = NotificationDeliverer(
                    services: scim.services, settings: Self.settings(budgetMs: 700), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                #expect(try await Self.drive(deliverer) {
                    try await scim.services.notifications.status(of: subscription).counts.failed == 1
                })
                let status = try await scim.services.notifications.status(of: subscription)
                #expect(status.failed.first?.lastError == "HTTP 503" && status.counts.pending == 0)
                let warnings = try await scim.logEntries(status: .warning, operation: "notify-failed")
                #expect(warnings.count == 1 && warnings.first?.message.contains("HTTP 503") == true, "\(warnings)")
            }
        }
    }

    @Test("failures within the error window arrive as one sync.errors event; frequency never sends none")
    func errorDigest() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run { url, recorder in
                let info = try await scim.adminInfo()
                let alerts = try await scim.services.notifications.addWebhook(
                    SubscriptionSettings(url: url, secret: Self.secret, events: ["user.deleted"], frequency: "errors-only", errorWindow: "1s"),
                    info: info)
                let silent = try await scim.services.notifications.addWebhook(
                    SubscriptionSettings(url: url, secret: Self.secret, events: ["user.deleted"], frequency: "never", errorWindow: "1s"),
                    info: info)
                _ = try await scim.createUser("fay@example.com")
                let deliverer = NotificationDeliverer(services: scim.services, settings: Self.settings(), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                try await deliverer.pass()
                #expect(try await scim.createUser("fay@example.com").status == 409)
                #expect(try await scim.createUser("FAY@example.com").status == 409)
                try await deliverer.pass()
                #expect(await recorder.received.isEmpty, "the window is still open")
                #expect(try await Self.drive(deliverer) { await recorder.received.count >= 1 })
                try await Task.sleep(for: .milliseconds(1_200))
                try await deliverer.pass()
                let received = await recorder.received
                #expect(received.count == 1, "one digest for both failures, nothing for the never subscription")
                let digest = try SCIMValue(parsing: try #require(received.first).text)
                #expect(digest["type"] == "sync.errors" && digest["data"]?["count"] == .integer(2), "\(digest)")
                #expect(digest["data"]?["failures"]?.arrayValue?.first?["errorCode"] == "uniqueness", "\(digest)")
                #expect(received.first?.header("X-Scimd-Event") == "sync.errors")
                #expect(try await scim.services.notifications.status(of: alerts).counts == DeliveryCounts(delivered: 1))
                #expect(try await scim.services.notifications.status(of: silent).counts == DeliveryCounts())
            }
        }
    }

    @Test("a daily subscription gets the sync.report of the day before its report hour, once")
    func dailyReport() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run { url, recorder in
                let subscription = try await scim.services.notifications.addWebhook(
                    SubscriptionSettings(url: url, secret: Self.secret, events: ["user.deleted"], frequency: "daily", timeZone: "UTC"),
                    info: try await scim.adminInfo())
                let deliverer = NotificationDeliverer(services: scim.services, settings: Self.settings(), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                try await deliverer.pass()
                try await Task.sleep(for: .milliseconds(200))
                try await deliverer.pass()
                #expect(await recorder.received.isEmpty, "created after today's report hour: the first report is tomorrow")
                // As if the last report went out long ago: today's is due now.
                try await scim.services.store.write {
                    try await $0.setSubscriptionCursors(
                        id: subscription.id, eventCursor: 0, logCursor: 0, errorWindowStartMs: nil, lastReportMs: 0)
                }
                #expect(try await Self.drive(deliverer) { await recorder.received.count >= 1 })
                try await deliverer.pass()
                let received = await recorder.received
                #expect(received.count == 1)
                let report = try SCIMValue(parsing: try #require(received.first).text)
                #expect(report["type"] == "sync.report" && report["data"]?["tenant"] == "default", "\(report)")
                let due = try #require(ReportSchedule.latest(nowMs: scim.services.clock.nowMs(), hour: 8, timeZone: "UTC"))
                #expect(report["data"]?["until"]?.stringValue.flatMap(SCIMDateTime.parse) == due.dueMs, "\(report)")
                #expect(report["data"]?["failureRate"] != nil)
            }
        }
    }

    @Test("batch size 3: seven events arrive as {\"events\": [...]} POSTs of 3, 3 and 1, type batch, signed over the whole body")
    func batchMode() async throws {
        try await TestServer.run { scim in
            // The first POST is refused: a batch is retried whole, under its id, with the same body.
            try await WebhookReceiver.run(respond: { $0 == 0 ? (.internalServerError, .zero) : (.accepted, .zero) }) { url, recorder in
                let subscription = try await scim.services.notifications.addWebhook(
                    SubscriptionSettings(url: url, secret: Self.secret, events: ["user.created"], frequency: "never", batchSize: 3),
                    info: try await scim.adminInfo())
                let names = (1...7).map { "batch\($0)@example.com" }
                for name in names { _ = try await scim.createUser(name) }
                let deliverer = NotificationDeliverer(services: scim.services, settings: Self.settings(), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                #expect(try await Self.drive(deliverer) {
                    try await scim.services.notifications.status(of: subscription).counts.delivered == 3
                })
                let received = await recorder.received
                #expect(received.count == 4, "three batches and one retry")
                let now = Int64(Date().timeIntervalSince1970)
                var sizes: [String: Int] = [:]
                var userNames: [String] = []
                for hit in received {
                    #expect(hit.header("X-Scimd-Event") == "batch")
                    let signature = try #require(hit.header("X-Scimd-Signature"))
                    #expect(WebhookSignature.verify(header: signature, body: hit.body, secret: Self.secret, nowSeconds: now))
                    // The MAC covers the whole body: dropping its last event breaks it.
                    let body = try SCIMValue(parsing: hit.text)
                    let events = try #require(body["events"]?.arrayValue, "\(hit.text)")
                    #expect(body.jsonString == hit.text, "re-serialising gives the same bytes, so the check below is fair")
                    var fewer = SCIMObject()
                    fewer["events"] = .array(Array(events.dropLast()))
                    let shorter = Array(SCIMValue.object(fewer).jsonString.utf8)
                    #expect(!WebhookSignature.verify(header: signature, body: shorter, secret: Self.secret, nowSeconds: now))
                    #expect(events.allSatisfy { $0["type"] == "user.created" && $0["id"]?.stringValue != nil }, "\(hit.text)")
                    let delivery = try #require(hit.header("X-Scimd-Delivery"))
                    if let seen = sizes[delivery] {
                        #expect(seen == events.count, "a retry carries the same batch")
                        continue
                    }
                    sizes[delivery] = events.count
                    userNames += events.compactMap { $0["data"]?["userName"]?.stringValue }
                }
                #expect(sizes.values.sorted() == [1, 3, 3], "\(sizes)")
                #expect(userNames.sorted() == names.sorted(), "every event once, in some batch")
                #expect(received[0].text == received.last { $0.header("X-Scimd-Delivery") == received[0].header("X-Scimd-Delivery") }?.text)
                let status = try await scim.services.notifications.status(of: subscription)
                #expect(status.counts == DeliveryCounts(delivered: 3))
            }
        }
    }

    @Test("a healthy receiver gets one subscription's events in outbox order")
    func outboxOrder() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run { url, recorder in
                _ = try await Self.subscribe(scim, url)
                for name in ["u1", "u2", "u3", "u4", "u5"] { _ = try await scim.createUser("\(name)@example.com") }
                let deliverer = NotificationDeliverer(services: scim.services, settings: Self.settings(), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                #expect(try await Self.drive(deliverer) { await recorder.received.count >= 5 })
                let cursors = try await recorder.received.map { Int(try SCIMValue(parsing: $0.text)["cursor"]?.stringValue ?? "") ?? -1 }
                #expect(cursors == cursors.sorted() && Set(cursors).count == cursors.count, "\(cursors)")
            }
        }
    }
}
