import Foundation
import SCIM
import Store

extension NotificationService {
    /// Adds a mail subscription: the daily report and error alerts (per `frequency`) as mails to
    /// `address`, through the sendmail command scimd runs with. Unlike a webhook it receives no
    /// resource events unless `events` names them: a mail per created user is rarely what an
    /// administrator's inbox wants.
    public func addEmail(_ settings: SubscriptionSettings, info: RequestInfo) async throws -> SubscriptionRecord {
        guard let address = settings.address else {
            throw AdminError(.invalid, "A mail subscription needs an address, like admin@example.com.")
        }
        guard settings.url == nil, settings.secret == nil, settings.format == nil else {
            throw AdminError(.invalid, "A mail subscription has an address, not a URL, secret or format; use add-webhook for those.")
        }
        guard settings.batchSize == nil else {
            throw AdminError(.invalid, "A mail lists every event it carries; --batch-size applies to webhooks only.")
        }
        var record = SubscriptionRecord(
            id: UUID().uuidString.lowercased(), tenantID: info.tenant.id, channel: .email, target: try Self.validAddress(address),
            secret: nil, errorWindowMs: Self.defaultErrorWindowMs, batchSize: Self.mailBatchSize, createdMs: clock.nowMs())
        try Self.apply(settings, to: &record)
        return try await insert(record, message: "Added mail subscription \(record.id) to \(record.target)", info: info)
    }

    /// Resource events one mail lists at most: a burst of changes is one mail, not hundreds.
    static let mailBatchSize = 100

    /// The event types the deliverer turns into deliveries for `record`: the listed ones, else
    /// every resource event type for a JSON webhook and none for mail or a chat post; for the welcome mail
    /// `user.provisioned` while it is on and nothing (the cursor only moves) while it is off.
    static func deliveredTypes(_ record: SubscriptionRecord) -> [String] {
        switch record.channel {
        case .webhook:
            // A chat channel, like a mailbox, wants the reports and alerts unless told otherwise.
            let everything = webhookFormat(of: record) == .json ? resourceEventTypes : []
            return record.eventTypes.isEmpty ? everything : record.eventTypes
        case .email: return record.eventTypes
        case .welcome:
            let on = (try? welcomeSettings(of: record))?.enabled ?? false
            return on ? [EventType.userProvisioned.rawValue] : []
        }
    }

    static func validAddress(_ raw: String) throws(AdminError) -> String {
        do {
            return try MailAddress(parsing: raw).description
        } catch {
            throw AdminError(.invalid, error.message)
        }
    }

    // MARK: Welcome mail

    /// The tenant's welcome mail: its settings (the defaults, off, when never configured) and
    /// the subscription that sends it, if any.
    public func welcomeMail(tenant: TenantRecord) async throws -> (settings: WelcomeMailSettings, subscription: SubscriptionRecord?) {
        let subscription = try await store.read { try await $0.subscriptions(tenantID: tenant.id) }.first { $0.channel == .welcome }
        return (try subscription.map(Self.welcomeSettings) ?? .default, subscription)
    }

    /// Changes the welcome mail (requirements §8: "send enrollment email to newly synced users").
    /// The first change creates the tenant's one welcome subscription. Turning it on starts after
    /// the newest outbox event: users provisioned while it was off get no mail later. The whole
    /// new settings are checked together (a template with `{{enrollmentURL}}` needs the URL).
    public func configureWelcome(_ change: WelcomeMailChange, info: RequestInfo) async throws -> (
        settings: WelcomeMailSettings, subscription: SubscriptionRecord
    ) {
        try await store.write { tx in
            let existing = try await tx.subscriptions(tenantID: info.tenant.id).first { $0.channel == .welcome }
            let current = try existing.map(Self.welcomeSettings) ?? .default
            let settings: WelcomeMailSettings
            do {
                settings = try WelcomeMailSettings(
                    enabled: change.enabled ?? current.enabled, subject: change.subject ?? current.subject.source,
                    text: change.text ?? current.text.source, html: change.html ?? current.html.source,
                    enrollmentURL: change.enrollmentURL.map { $0.isEmpty ? nil : $0 } ?? current.enrollmentURL)
            } catch let error as MailError {
                throw AdminError(.invalid, error.message)
            }
            let from = try change.from.map { $0.isEmpty ? "" : try Self.validAddress($0) }
            let options = String(decoding: try AdminJSON.encode(settings), as: UTF8.self)
            let now = self.clock.nowMs()
            let latest = try await tx.latestEventSeq(tenantID: info.tenant.id)
            let switchedOn = settings.enabled && !current.enabled
            let message = "Changed the welcome mail (\(settings.enabled ? "on" : "off"))"
            let logSeq = try await tx.appendLog(self.adminEntry("welcome-update", message, info: info))
            guard var record = existing else {
                let created = SubscriptionRecord(
                    id: UUID().uuidString.lowercased(), tenantID: info.tenant.id, channel: .welcome, target: from ?? "", secret: nil,
                    eventTypes: [EventType.userProvisioned.rawValue], frequency: .never, errorWindowMs: Self.defaultErrorWindowMs,
                    eventCursor: latest, logCursor: logSeq, createdMs: now, options: options)
                try await tx.insertSubscription(created)
                return (settings, created)
            }
            record.options = options
            if let from { record.target = from }
            record.updatedMs = now
            try await tx.updateSubscription(record)
            if switchedOn {
                record.eventCursor = max(record.eventCursor, latest)
                try await tx.setSubscriptionCursors(
                    id: record.id, eventCursor: record.eventCursor, logCursor: record.logCursor,
                    errorWindowStartMs: record.errorWindowStartMs, lastReportMs: record.lastReportMs)
            }
            return (settings, record)
        }
    }

    /// The welcome mail the user `key` names would get now, rendered with the tenant's settings
    /// whether or not they are on (what `notify welcome preview` shows before switching it on).
    public func welcomePreview(userKey key: String, info: RequestInfo, resources: ResourceService) async throws -> WelcomeMailPreview {
        guard let user = try await resources.find(.user, key: key, info: info) else {
            throw ResourceLookup.notFound(.user, key: key, tenant: info.tenant)
        }
        let (settings, subscription) = try await welcomeMail(tenant: info.tenant)
        do {
            // The server's --mail-from is not known here (scimctl may run elsewhere): a stand-in
            // renders the message, and the preview says which From the deliverer uses.
            let stated = subscription?.target.isEmpty == false ? subscription?.target : nil
            let from = try stated.map { try MailAddress(parsing: $0) } ?? MailAddress("scimd@localhost")
            let message = try WelcomeMail.message(for: .object(user.object), settings: settings, from: from)
            return WelcomeMailPreview(
                enabled: settings.enabled, from: stated, to: message.to.map(\.description), subject: message.subject, text: message.text,
                html: message.html)
        } catch let error as MailError {
            throw AdminError(.invalid, error.message)
        }
    }

    static func welcomeSettings(of record: SubscriptionRecord) throws -> WelcomeMailSettings {
        guard let options = record.options else { return .default }
        return try JSONDecoder().decode(WelcomeMailSettings.self, from: Data(options.utf8))
    }

    /// The welcome subscription's From (`target`), else the server's `--mail-from`.
    static func welcomeFrom(_ record: SubscriptionRecord?, _ defaultFrom: MailAddress) throws(MailError) -> MailAddress {
        guard let target = record?.target, !target.isEmpty else { return defaultFrom }
        return try MailAddress(parsing: target)
    }

    // MARK: What the email channel needs

    /// The user a `user.provisioned` delivery names, as stored now; nil when it was deleted since.
    public func provisionedUser(of delivery: DeliveryRecord) async throws -> ResourceRecord? {
        guard let payload = try? SCIMValue(parsing: delivery.payload), let id = payload["data"]?["id"]?.stringValue else {
            return nil
        }
        return try await store.read { try await $0.resource(tenantID: delivery.tenantID, type: "User", id: id) }
    }

    /// Writes the sync-log entry of a welcome mail sent or skipped for `user`.
    public func logWelcome(_ user: ResourceRecord?, delivery: DeliveryRecord, status: SyncStatus, message: String) async throws {
        _ = try await store.write { tx in
            try await tx.appendLog(
                SyncLogEntry(
                    tenantID: delivery.tenantID, timeMs: self.clock.nowMs(), client: "notify", operation: "welcome-mail",
                    resourceType: user.map { _ in "User" }, resourceID: user?.id, resourceName: user?.body["userName"]?.stringValue,
                    status: status, message: message, details: ["delivery": .string(delivery.id)]))
        }
    }
}

/// A change to the welcome mail: nil keeps a field; an empty `enrollmentURL` or `from` clears it.
public struct WelcomeMailChange: Sendable, Equatable, Decodable {
    public var enabled: Bool?
    /// The From address; empty means the server's `--mail-from`.
    public var from: String?
    public var subject: String?
    public var text: String?
    public var html: String?
    public var enrollmentURL: String?

    public init(
        enabled: Bool? = nil, from: String? = nil, subject: String? = nil, text: String? = nil, html: String? = nil,
        enrollmentURL: String? = nil
    ) {
        self.enabled = enabled
        self.from = from
        self.subject = subject
        self.text = text
        self.html = html
        self.enrollmentURL = enrollmentURL
    }
}
