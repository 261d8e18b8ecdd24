import Foundation
import Logging
import Provisioning
import SCIM
import Store
import Testing

/// Mail subscriptions and the welcome mail through the whole pipeline the deliverer runs:
/// plan (outbox or sync log → deliveries), claim, `EmailChannel.send` through a stub sendmail
/// whose messages Python's email package reads back, finish. Only the deliverer's loop is left
/// out (it lives in scimd; WebhookDeliveryTests and the CLI test run it).
@Suite("Email channel", .serialized)
struct EmailChannelTests {
    static let from = try! MailAddress("scimd@example.com")

    /// Plans every subscription, then sends and records every due delivery; returns the results.
    @discardableResult
    static func deliver(_ services: ProvisioningServices, _ channel: EmailChannel) async throws -> [ChannelResult] {
        let notifications = services.notifications
        for subscription in try await notifications.allSubscriptions() {
            try await notifications.planEvents(subscriptionID: subscription.id, tenantID: subscription.tenantID)
            try await notifications.planErrors(subscriptionID: subscription.id, tenantID: subscription.tenantID)
            try await notifications.planReport(subscriptionID: subscription.id, tenantID: subscription.tenantID, reports: services.reports)
        }
        let byID = Dictionary(uniqueKeysWithValues: try await notifications.allSubscriptions().map { ($0.id, $0) })
        var results: [ChannelResult] = []
        for delivery in try await notifications.claim(owner: "test", leaseMs: 60_000, limit: 100) {
            guard let subscription = byID[delivery.subscriptionID] else { continue }
            let result = await channel.send(delivery, to: subscription)
            results.append(result)
            let attempt = DeliveryAttemptRecord(
                deliveryID: delivery.id, subscriptionID: subscription.id, timeMs: ProvisioningClock.system.nowMs(), durationMs: 1,
                httpStatus: nil, error: result.error)
            let outcome: DeliveryOutcome = result.succeeded ? .delivered : result.permanent ? .failed : .retry(atMs: Int64.max)
            try await notifications.finish(delivery, owner: "test", attempt: attempt, outcome: outcome, target: subscription.target)
        }
        return results
    }

    static func channel(_ services: ProvisioningServices, _ stub: StubSendmail) throws -> EmailChannel {
        EmailChannel(transport: try stub.transport(), from: from, notifications: services.notifications)
    }

    @Test("add-email checks the address and refuses webhook-only settings; the summary says none of the resource events")
    func addEmailValidates() async throws {
        try await ServiceFixture.run { f in
            let n = f.services.notifications
            for bad in ["not-an-address", "a@b\r\nBcc: x@evil.example", ""] {
                await #expect(throws: AdminError.self) { try await n.addEmail(SubscriptionSettings(address: bad), info: f.info) }
            }
            await #expect(throws: AdminError.self) {
                try await n.addEmail(SubscriptionSettings(address: "it@example.com", secret: "0123456789abcdef0"), info: f.info)
            }
            await #expect(throws: AdminError.self) {
                try await n.addEmail(SubscriptionSettings(address: "it@example.com", batchSize: 5), info: f.info)
            }
            let added = try await n.addEmail(SubscriptionSettings(address: "IT Team <it@example.com>"), info: f.info)
            #expect(added.channel == .email && added.target == "IT Team <it@example.com>" && added.secret == nil)
            await #expect(throws: AdminError.self) {
                try await n.update(id: added.id, SubscriptionSettings(url: "https://example.com/hook"), info: f.info)
            }
            let moved = try await n.update(id: added.id, SubscriptionSettings(address: "ops@example.com"), info: f.info)
            #expect(moved.target == "ops@example.com")
        }
    }

    @Test("errors-only: nothing on a clean period, one batched mail listing every failure of the window")
    func errorAlertMail() async throws {
        try await ServiceFixture.run(scope: .defaults) { f in
            try await StubSendmail.run { stub in
                let channel = try Self.channel(f.services, stub)
                _ = try await f.services.notifications.addEmail(
                    SubscriptionSettings(address: "it@example.com", frequency: "errors-only", errorWindow: "4s"), info: f.info)
                // A clean period: a user with a work email is in scope.
                _ = try await f.services.resources.create(.user, body: Self.user("ann@example.com").objectValue!, info: f.info)
                #expect(try await Self.deliver(f.services, channel).isEmpty)
                try await Task.sleep(for: .milliseconds(500))
                #expect(try await Self.deliver(f.services, channel).isEmpty, "no failure, no mail")

                // Two refused creates (no email: the default rules require one).
                for name in ["bob", "carl"] {
                    let body: SCIMValue = ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(name)]
                    await #expect(throws: SCIMError.self) { try await f.services.resources.create(.user, body: body.objectValue!, info: f.info) }
                }
                // 4 s: long enough that a loaded machine still plans before the window closes.
                #expect(try await Self.deliver(f.services, channel).isEmpty, "the window is still open")
                try await Task.sleep(for: .milliseconds(4_200))
                let results = try await Self.deliver(f.services, channel)
                #expect(results == [ChannelResult()])
                let mails = try stub.allParsed()
                let mail = try #require(mails.first)
                #expect(mails.count == 1)
                #expect(mail.subject == "scimd: 2 sync errors for default")
                #expect(mail.to == [.init(name: "", address: "it@example.com")] && mail.fromAddress == "scimd@example.com")
                let text = try #require(mail.part("text/plain")).body
                #expect(text.contains("bob") && text.contains("carl") && text.contains("emails[type eq \"work\"].value"), "\(text)")
                #expect(mail.part("text/html") != nil && mail.defects.isEmpty)
                #expect(try await Self.deliver(f.services, channel).isEmpty, "each failure is mailed once")
            }
        }
    }

    @Test("daily: the report mail carries the report's text and HTML; resource events only when named")
    func reportMailAndEvents() async throws {
        try await ServiceFixture.run { f in
            try await StubSendmail.run { stub in
                let added = try await f.services.notifications.addEmail(
                    SubscriptionSettings(address: "it@example.com", reportHour: 0, timeZone: "UTC"), info: f.info)
                #expect(added.frequency == .daily)
                try await f.user("ann@example.com")
                try await f.user("bea@example.com")
                #expect(try await Self.deliver(f.services, try Self.channel(f.services, stub)).isEmpty, "no events, report not due")

                // The same file a day later: the report of the day before is due.
                let later = try ProvisioningServices.openSQLite(
                    databasePath: f.databasePath, schemaDirectory: ServiceFixture.schemaDirectory,
                    clock: ProvisioningClock { ProvisioningClock.system.nowMs() + 86_400_000 }, logger: Logger(label: "t"))
                #expect(try await Self.deliver(later, try Self.channel(later, stub)) == [ChannelResult()])
                let report = try #require(try stub.allParsed().last)
                #expect(report.subject.hasPrefix("scimd sync report for default: 0 failures, 2 changes"), "\(report.subject)")
                #expect(try #require(report.part("text/plain")).body.contains("created"))
                #expect(try #require(report.part("text/html")).body.contains("<table"))

                // Naming event types sends them, several to one mail.
                _ = try await later.notifications.update(id: added.id, SubscriptionSettings(events: ["user.created"]), info: f.info)
                _ = try await later.resources.create(.user, body: Self.user("cy@example.com").objectValue!, info: f.info)
                _ = try await later.resources.create(.user, body: Self.user("di@example.com").objectValue!, info: f.info)
                #expect(try await Self.deliver(later, try Self.channel(later, stub)) == [ChannelResult()])
                let events = try #require(try stub.allParsed().last)
                #expect(events.subject == "scimd: 2 events for default")
                let text = try #require(events.part("text/plain")).body
                #expect(text.contains("user.created  cy@example.com") && text.contains("user.created  di@example.com"), "\(text)")
            }
        }
    }

    @Test("the welcome mail: off by default, once per newly provisioned in-scope user, to the primary email, logged")
    func welcomeMail() async throws {
        try await ServiceFixture.run(scope: .defaults) { f in
            try await StubSendmail.run { stub in
                let n = f.services.notifications
                let channel = try Self.channel(f.services, stub)
                _ = try await f.services.resources.create(.user, body: Self.user("early@example.com").objectValue!, info: f.info)
                #expect(try await n.welcomeMail(tenant: f.info.tenant).settings.enabled == false)
                #expect(try await Self.deliver(f.services, channel).isEmpty)

                // {{enrollmentURL}} without a URL is refused; with one, the mail is switched on.
                await #expect(throws: AdminError.self) {
                    try await n.configureWelcome(WelcomeMailChange(enabled: true, text: "Go to {{enrollmentURL}}"), info: f.info)
                }
                _ = try await n.configureWelcome(
                    WelcomeMailChange(
                        enabled: true, from: "Acme IT <it@acme.example>", subject: "Welcome to Acme, {{givenName}}",
                        text: "Hello {{givenName}}, enroll at {{enrollmentURL}}\n", enrollmentURL: "https://app.acme.example/enroll"),
                    info: f.info)
                #expect(try await Self.deliver(f.services, channel).isEmpty, "users provisioned before it was on get none")

                let ann = try await f.services.resources.create(
                    .user, body: Self.user("ann@example.com", given: "Ann", primary: "ann.private@example.org").objectValue!, info: f.info)
                var outside = Self.user("olga@example.com").objectValue!
                outside["userType"] = "Contractor"
                try await f.services.scope.update(info: f.info) {
                    $0.criteria[.userType] = .values(["Employee"])
                }
                _ = try await f.services.resources.create(.user, body: outside, info: f.info)
                var bea = Self.user("bea@example.com", given: "Bea").objectValue!
                bea["userType"] = "Employee"
                _ = try await f.services.resources.create(.user, body: bea, info: f.info)
                // Updating Ann again provisions nothing new.
                let annID = try #require(ann.object["id"]?.stringValue)
                try await f.patch(.user, annID, [["op": "replace", "path": "displayName", "value": "Ann A."]])

                let results = try await Self.deliver(f.services, channel)
                #expect(results.count == 2 && results.allSatisfy(\.succeeded), "\(results)")
                #expect(try await Self.deliver(f.services, channel).isEmpty, "once per user")
                let mails = try stub.allParsed()
                // Ann to her primary address; Olga is out of scope; Bea has only a work address.
                #expect(mails.map(\.to.first?.address) == ["ann.private@example.org", "bea@example.com"], "\(mails.map(\.subject))")
                #expect(mails.first?.to.first?.name == "Ann Example")
                let mail = try #require(mails.last)
                #expect(mail.subject == "Welcome to Acme, Bea" && mail.fromAddress == "it@acme.example" && mail.fromName == "Acme IT")
                #expect(try #require(mail.part("text/plain")).body == "Hello Bea, enroll at https://app.acme.example/enroll\n")
                let logged = try await f.log(operation: "welcome-mail")
                #expect(logged.map(\.resourceName) == ["ann@example.com", "bea@example.com"] && logged.allSatisfy { $0.status == .success })
            }
        }
    }

    /// A user in the default sync scope: userName, a name, a work email and, optionally, a primary one.
    static func user(_ userName: String, given: String? = nil, primary: String? = nil) -> SCIMValue {
        var emails: [SCIMValue] = [["type": "work", "value": .string(userName)]]
        if let primary { emails.append(["type": "other", "value": .string(primary), "primary": true]) }
        var body: SCIMValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName), "active": true,
            "emails": .array(emails),
        ]
        let first = given ?? String(userName.prefix { $0 != "@" }).capitalized
        body = body.setting("name", ["givenName": .string(first), "familyName": "Example"])
        return body
    }
}
