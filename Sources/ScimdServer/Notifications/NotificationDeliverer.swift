import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import Provisioning
import ServiceLifecycle
import Store

/// Sends notifications (requirements §8), as a ServiceLifecycle service inside scimd. Each pass:
/// turn new outbox events into deliveries per subscription (`planEvents`: the cursor moves in the
/// same transaction), failure entries into `sync.errors` digests once their window closes
/// (`planErrors`) and the day into a `sync.report` once its hour has passed (`planReport`); lease
/// the due deliveries (`claim`), send them through their channel, and
/// record each attempt with its outcome (`finish`). Provisioning never waits for it: the write
/// path only appends events, and everything here runs in short transactions of its own.
///
/// Restarts lose nothing: deliveries and cursors are rows, and a lease left by a crashed process
/// runs out (`leaseMs`) and is taken over. Several processes on one file never send one delivery
/// at the same time: a claim is a write transaction, and an attempt starts only while its lease
/// has the whole timeout left. A process claims only deliveries of channels it has. A crash
/// between a receiver's 2xx and the recorded outcome sends that delivery again, under the same
/// `X-Scimd-Delivery` id (docs/events.md, "Delivery guarantees").
public struct NotificationDeliverer: Service {
    public struct Settings: Sendable {
        public var pollInterval: Duration = .milliseconds(500)
        public var timeout: Duration = .seconds(10)
        /// Longer than `timeout`, so a lease never runs out while its attempt is still waiting: an
        /// attempt starts only while its lease has at least `timeout` left. (A lease shorter than
        /// `timeout` + 1 s is raised to that.)
        public var leaseMs: Int64 = 60_000
        public var claimLimit = 16
        public var retry: RetryPolicy = .standard
        public init() {}
    }

    let notifications: NotificationService
    let reports: ReportService
    let clock: ProvisioningClock
    let settings: Settings
    let logger: Logger
    let client: HTTPClient
    /// This process's name on its leases.
    let owner = "scimd-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    var channels: [SubscriptionChannel: any NotificationChannel]

    public init(services: ProvisioningServices, settings: Settings = Settings(), logger: Logger) {
        notifications = services.notifications
        reports = services.reports
        clock = services.clock
        self.settings = settings
        self.logger = logger
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        channels = [.webhook: WebhookChannel(client: client, timeout: settings.timeout, clock: services.clock)]
    }

    /// Adds or replaces the channel for `kind` (the mail transport registers itself for `.email`).
    public mutating func register(_ channel: any NotificationChannel, for kind: SubscriptionChannel) { channels[kind] = channel }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await pass()
            } catch {
                logger.error("notification pass failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.pollInterval) }
        }
        await shutdown()
    }

    /// Closes the HTTP client; `run` does it when it ends. For callers of `pass` (tests).
    public func shutdown() async { try? await client.shutdown() }

    /// One pass: plan, claim, send, record. Returns how many attempts it made.
    @discardableResult
    public func pass() async throws -> Int {
        let subscriptions = try await notifications.allSubscriptions()
        for subscription in subscriptions where channels[subscription.channel] != nil {
            try await notifications.planEvents(subscriptionID: subscription.id, tenantID: subscription.tenantID)
            try await notifications.planErrors(subscriptionID: subscription.id, tenantID: subscription.tenantID)
            try await notifications.planReport(subscriptionID: subscription.id, tenantID: subscription.tenantID, reports: reports)
        }
        let byID = Dictionary(uniqueKeysWithValues: subscriptions.map { ($0.id, $0) })
        // Only what this process can send: a process without a mail transport must not sit on
        // email deliveries until their leases run out, while one that has it waits.
        // The lease outlasts at least one whole attempt, or nothing would ever be sent.
        let leaseMs = max(settings.leaseMs, settings.timeout.milliseconds + 1_000)
        let claimed = try await notifications.claim(
            owner: owner, leaseMs: leaseMs, limit: settings.claimLimit, channels: Array(channels.keys))
        // Subscriptions in parallel; one subscription's deliveries one after the other, in claim
        // order, so a healthy receiver sees a page of events in outbox order.
        let bySubscription = Dictionary(grouping: claimed, by: \.subscriptionID)
        await withTaskGroup(of: Void.self) { group in
            for (subscriptionID, deliveries) in bySubscription {
                // Removed since the list was read: its deliveries went with it.
                guard let subscription = byID[subscriptionID], let channel = channels[subscription.channel] else { continue }
                group.addTask {
                    for delivery in deliveries {
                        // Only while the lease outlasts a whole attempt: a slow receiver can keep
                        // the later deliveries of a claim waiting past their lease, and by then
                        // another process may have claimed them and be sending them too. The rest
                        // stay leased until it runs out and are claimed again (by any process).
                        guard clock.nowMs() + settings.timeout.milliseconds < (delivery.leaseUntilMs ?? 0) else { break }
                        await attempt(delivery, subscription, channel)
                    }
                }
            }
        }
        return claimed.count
    }

    /// `delivered`, `retry` or `failed`: the metric's label for an attempt's outcome.
    static func label(_ outcome: DeliveryOutcome) -> String {
        switch outcome {
        case .delivered: return "delivered"
        case .retry: return "retry"
        case .failed: return "failed"
        }
    }

    private func attempt(_ delivery: DeliveryRecord, _ subscription: SubscriptionRecord, _ channel: any NotificationChannel) async {
        let started = clock.nowMs()
        let result = await channel.send(delivery, to: subscription)
        let finished = clock.nowMs()
        let outcome: DeliveryOutcome
        if result.succeeded {
            outcome = .delivered
        } else if !result.permanent, let at = settings.retry.outcome(attempts: delivery.attempts + 1, createdMs: delivery.createdMs, nowMs: finished).retryAtMs {
            outcome = .retry(atMs: at)
        } else {
            outcome = .failed
        }
        Counter(
            label: "scimd_notification_attempts_total",
            dimensions: [("channel", subscription.channel.rawValue), ("outcome", Self.label(outcome))]
        ).increment()
        let record = DeliveryAttemptRecord(
            deliveryID: delivery.id, subscriptionID: subscription.id, timeMs: finished, durationMs: finished - started,
            httpStatus: result.httpStatus, error: result.error)
        do {
            let applied = try await notifications.finish(delivery, owner: owner, attempt: record, outcome: outcome, target: subscription.target)
            if !applied { logger.warning("delivery \(delivery.id): lease lost before its outcome was recorded") }
            if outcome == .failed { logger.warning("delivery \(delivery.id) to \(subscription.target) failed: \(result.error ?? "")") }
        } catch {
            logger.error("could not record delivery attempt \(delivery.id): \(error)")
        }
    }
}
