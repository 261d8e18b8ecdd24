import Foundation
import SCIM
import Store

/// Each tenant's notification subscriptions (requirements §8): adding, changing, removing and
/// testing them, and what their deliveries did. Every change is one write transaction with its
/// admin entry in the sync log (the secret is never logged). The deliverer
/// (`NotificationDeliverer`, in scimd) reads the same tables.
public struct NotificationService: Sendable {
    let store: any ProvisioningStore
    let clock: ProvisioningClock

    /// The `sync.errors` window when none is given.
    public static let defaultErrorWindowMs: Int64 = 15 * 60_000
    /// Bounds of the window: 1 s (tests) to 24 h (a longer one would outlast the daily report).
    public static let errorWindowRange: ClosedRange<Int64> = 1_000...86_400_000
    /// Below this, a secret is too easy to guess for an HMAC key.
    public static let minimumSecretLength = 16
    public static let maximumBatchSize = 1_000

    public init(store: any ProvisioningStore, clock: ProvisioningClock) {
        self.store = store
        self.clock = clock
    }

    public func subscriptions(tenant: TenantRecord) async throws -> [SubscriptionRecord] {
        try await store.read { try await $0.subscriptions(tenantID: tenant.id) }
    }

    public func subscription(id: String, tenant: TenantRecord) async throws -> SubscriptionRecord {
        guard let found = try await store.read({ try await $0.subscription(id: id, tenantID: tenant.id) }) else {
            throw Self.notFound(id)
        }
        return found
    }

    /// Adds a webhook. It starts after the newest event already in the outbox: a new receiver
    /// hears about what happens from now on, not the retained history (the feed has that).
    public func addWebhook(_ settings: SubscriptionSettings, info: RequestInfo) async throws -> SubscriptionRecord {
        guard let url = settings.url else { throw AdminError(.invalid, "A webhook needs a URL (http:// or https://).") }
        guard settings.address == nil else { throw AdminError(.invalid, "A webhook has a URL, not an address; use add-email for mail.") }
        guard let secret = settings.secret else {
            throw AdminError(.invalid, "A webhook needs --secret: at least \(Self.minimumSecretLength) characters the receiver verifies signatures with.")
        }
        var record = SubscriptionRecord(
            id: UUID().uuidString.lowercased(), tenantID: info.tenant.id, channel: .webhook, target: try Self.validURL(url),
            secret: try Self.validSecret(secret), errorWindowMs: Self.defaultErrorWindowMs, createdMs: clock.nowMs())
        try Self.apply(settings, to: &record)
        try Self.applyTarget(SubscriptionSettings(format: settings.format), to: &record)
        return try await insert(record, message: "Added webhook \(record.id) to \(record.target)", info: info)
    }

    /// Inserts a new subscription, starting it after the newest outbox event and sync-log entry.
    func insert(_ record: SubscriptionRecord, message: String, info: RequestInfo) async throws -> SubscriptionRecord {
        try await store.write { tx in
            var stored = record
            stored.eventCursor = try await tx.latestEventSeq(tenantID: info.tenant.id)
            let logSeq = try await tx.appendLog(self.adminEntry("notify-add", message, info: info))
            // Failures logged before the subscription existed are not its business.
            stored.logCursor = logSeq
            try await tx.insertSubscription(stored)
            return stored
        }
    }

    /// Changes the settings given; the cursors and pending deliveries stay.
    public func update(id: String, _ settings: SubscriptionSettings, info: RequestInfo) async throws -> SubscriptionRecord {
        try await store.write { tx in
            guard var record = try await tx.subscription(id: id, tenantID: info.tenant.id) else { throw Self.notFound(id) }
            try Self.applyTarget(settings, to: &record)
            try Self.apply(settings, to: &record)
            record.updatedMs = self.clock.nowMs()
            try await tx.updateSubscription(record)
            try await tx.appendLog(self.adminEntry("notify-set", "Changed subscription \(id)", info: info))
            return record
        }
    }

    /// Removes the subscription with its deliveries and their attempts.
    public func remove(id: String, info: RequestInfo) async throws -> SubscriptionRecord {
        try await store.write { tx in
            guard let record = try await tx.subscription(id: id, tenantID: info.tenant.id) else { throw Self.notFound(id) }
            try await tx.deleteSubscription(id: id, tenantID: info.tenant.id)
            try await tx.appendLog(self.adminEntry("notify-remove", "Removed subscription \(id) (\(record.target))", info: info))
            return record
        }
    }

    /// Queues a `notify.test` delivery due now; the deliverer sends it on its next pass (at most
    /// `NotificationDeliverer`'s poll interval later) with the usual signature and retries.
    public func queueTest(id: String, info: RequestInfo) async throws -> DeliveryRecord {
        try await store.write { tx in
            guard let record = try await tx.subscription(id: id, tenantID: info.tenant.id) else { throw Self.notFound(id) }
            guard record.channel != .welcome else {
                throw AdminError(
                    .invalid,
                    "The welcome mail goes to each new user, so it has no test recipient; see one with `scimctl notify welcome preview USER`.")
            }
            let now = self.clock.nowMs()
            let deliveryID = UUID().uuidString.lowercased()
            var body = SCIMObject()
            body["id"] = .string(deliveryID)
            body["type"] = .string(Self.testEventType)
            body["tenant"] = .string(info.tenant.name)
            body["time"] = .string(SCIMDateTime.format(milliseconds: now))
            body["correlationId"] = .string(info.correlationID)
            body["data"] = .object(SCIMObject([.init(key: "subscription", value: .string(record.id))]))
            let delivery = DeliveryRecord(
                id: deliveryID, subscriptionID: record.id, tenantID: info.tenant.id, kind: Self.testEventType,
                payload: SCIMValue.object(body).jsonString, nextAttemptMs: now, createdMs: now)
            try await tx.insertDelivery(delivery)
            try await tx.appendLog(self.adminEntry("notify-test", "Queued test delivery \(deliveryID) for \(id)", info: info))
            return delivery
        }
    }

    /// The type of the event `notify test` sends; not an outbox type (scimd's writes never produce it).
    public static let testEventType = "notify.test"

    /// Counts, the latest attempts and the failed deliveries of one subscription.
    public func status(of record: SubscriptionRecord, attempts: Int = 10, failed: Int = 10) async throws -> SubscriptionStatus {
        try await store.read { tx in
            SubscriptionStatus(
                subscription: record, counts: try await tx.deliveryCounts(subscriptionID: record.id),
                recentAttempts: try await tx.deliveryAttempts(subscriptionID: record.id, limit: attempts),
                failed: try await tx.deliveries(subscriptionID: record.id, state: .failed, limit: failed))
        }
    }

    // MARK: Validation

    static func notFound(_ id: String) -> AdminError {
        AdminError(.notFound, "No subscription '\(id)' in this tenant; run `scimctl notify show` to list them.")
    }

    static func validURL(_ raw: String) throws(AdminError) -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty, components.user == nil,
            text.count <= 2_048
        else {
            throw AdminError(.invalid, "'\(raw)' is not a webhook URL; give an http:// or https:// URL with a host.")
        }
        return text
    }

    static func validSecret(_ secret: String) throws(AdminError) -> String {
        guard secret.count >= minimumSecretLength, secret.count <= 1_024,
            !secret.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw AdminError(
                .invalid, "The secret must be \(minimumSecretLength) to 1024 printable characters (e.g. `openssl rand -hex 32`).")
        }
        return secret
    }

    /// A webhook's body format (`options.format`); `json` unless set.
    public static func webhookFormat(of record: SubscriptionRecord) -> WebhookFormat {
        guard record.channel == .webhook, let options = record.options, let value = try? SCIMValue(parsing: options),
            let name = value["format"]?.stringValue
        else { return .json }
        return WebhookFormat(rawValue: name) ?? .json
    }

    /// Applies a new URL, secret, format or address, each only to the channel it belongs to.
    static func applyTarget(_ settings: SubscriptionSettings, to record: inout SubscriptionRecord) throws(AdminError) {
        switch record.channel {
        case .webhook:
            guard settings.address == nil else { throw AdminError(.invalid, "Subscription \(record.id) is a webhook; give --url, not an address.") }
            if let url = settings.url { record.target = try validURL(url) }
            if let secret = settings.secret { record.secret = try validSecret(secret) }
            if let format = settings.format {
                guard let parsed = WebhookFormat(rawValue: format.lowercased()) else {
                    throw AdminError(.invalid, "'\(format)' is not a webhook format; use json, slack or teams.")
                }
                record.options = parsed == .json ? nil : SCIMValue.object(SCIMObject([.init(key: "format", value: .string(parsed.rawValue))])).jsonString
            }
        case .email:
            guard settings.url == nil, settings.secret == nil, settings.format == nil else {
                throw AdminError(.invalid, "Subscription \(record.id) sends mail; give --address, not a URL or secret.")
            }
            if let address = settings.address { record.target = try validAddress(address) }
        case .welcome:
            // Its recipients, type and frequency are fixed: one mail per user.provisioned.
            guard settings == SubscriptionSettings() else {
                throw AdminError(.invalid, "The welcome mail goes to each new user; change it with `scimctl notify welcome set`.")
            }
        }
    }

    /// Applies the settings other than URL and secret, validating each.
    static func apply(_ settings: SubscriptionSettings, to record: inout SubscriptionRecord) throws(AdminError) {
        if let events = settings.events {
            var types: [String] = []
            for name in events.map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let type = EventType(rawValue: name) else {
                    throw AdminError(.invalid, EventTypeListError(name: name).message)
                }
                if !types.contains(type.rawValue) { types.append(type.rawValue) }
            }
            record.eventTypes = types
        }
        if let frequency = settings.frequency {
            guard let parsed = NotificationFrequency(rawValue: frequency) else {
                throw AdminError(.invalid, "'\(frequency)' is not a frequency; use daily, errors-only or never.")
            }
            record.frequency = parsed
        }
        if let hour = settings.reportHour {
            guard (0...23).contains(hour) else { throw AdminError(.invalid, "The report hour must be 0 to 23; got \(hour).") }
            record.reportHour = hour
        }
        if let zone = settings.timeZone {
            guard TimeZone(identifier: zone) != nil else {
                throw AdminError(.invalid, "'\(zone)' is not an IANA time zone; use a name such as UTC or Europe/Berlin.")
            }
            record.timeZone = zone
        }
        if let window = settings.errorWindow {
            guard let ms = NotificationDuration.milliseconds(window), errorWindowRange.contains(ms) else {
                throw AdminError(.invalid, "The error window must be a duration from 1s to 24h, like 30s or 15m; got '\(window)'.")
            }
            record.errorWindowMs = ms
        }
        if let size = settings.batchSize {
            guard (1...maximumBatchSize).contains(size) else {
                throw AdminError(.invalid, "The batch size must be 1 to \(maximumBatchSize); got \(size).")
            }
            record.batchSize = size
        }
    }

    func adminEntry(_ operation: String, _ message: String, info: RequestInfo) -> SyncLogEntry {
        SyncLogEntry(
            tenantID: info.tenant.id, timeMs: clock.nowMs(), correlationID: info.correlationID, client: info.client,
            sourceAddress: info.sourceAddress, operation: operation, status: .success, message: message)
    }
}
