import Foundation
import Provisioning
import SCIM
import ScimdServer
import Store
import Testing

/// `--format slack|teams`: the deliverer posts what a chat channel shows (Slack's `{"text"}`,
/// a Teams Workflows message with an Adaptive Card), signed like any webhook, and by default
/// only the reports and error alerts, not every resource event.
@Suite("Chat webhooks", .serialized)
struct ChatWebhookTests {
    static let secret = "0123456789abcdef-chat"

    @Test("slack: no resource events by default; a refused request becomes one signed post naming the user")
    func slackErrorAlert() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run { url, recorder in
                let subscription = try await scim.services.notifications.addWebhook(
                    SubscriptionSettings(url: url, secret: Self.secret, errorWindow: "1s", format: "slack"), info: try await scim.adminInfo())
                #expect(NotificationService.webhookFormat(of: subscription) == .slack)
                #expect(try await scim.createUser("ann@example.com").status == 201)
                #expect(try await scim.createUser("ann@example.com").status == 409)
                let deliverer = NotificationDeliverer(services: scim.services, settings: WebhookDeliveryTests.settings(), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                #expect(try await WebhookDeliveryTests.drive(deliverer) { await recorder.received.count >= 1 })
                try await Task.sleep(for: .milliseconds(300))
                try await deliverer.pass()
                let received = await recorder.received
                #expect(received.count == 1, "the alert only, not user.created: \(received.map(\.text))")
                let hit = try #require(received.first)
                let post = try SCIMValue(parsing: hit.text)
                let text = try #require(post["text"]?.stringValue)
                #expect(post.objectValue?.count == 1)
                #expect(text.hasPrefix("*scimd: 1 sync error for default*\n```\n"), "\(text)")
                #expect(text.contains("ann@example.com") && text.hasSuffix("```"), "\(text)")
                #expect(hit.header("X-Scimd-Event") == "sync.errors")
                let signature = try #require(hit.header("X-Scimd-Signature"))
                #expect(WebhookSignature.verify(header: signature, body: hit.body, secret: Self.secret, nowSeconds: Int64(Date().timeIntervalSince1970)))
            }
        }
    }

    @Test("teams: the test event is a message with one Adaptive Card; named events still go out")
    func teamsCard() async throws {
        try await TestServer.run { scim in
            try await WebhookReceiver.run { url, recorder in
                let info = try await scim.adminInfo()
                let subscription = try await scim.services.notifications.addWebhook(
                    SubscriptionSettings(url: url, secret: Self.secret, events: ["user.created"], frequency: "never", format: "teams"),
                    info: info)
                _ = try await scim.services.notifications.queueTest(id: subscription.id, info: info)
                #expect(try await scim.createUser("bea@example.com").status == 201)
                let deliverer = NotificationDeliverer(services: scim.services, settings: WebhookDeliveryTests.settings(), logger: .init(label: "t"))
                defer { Task { await deliverer.shutdown() } }
                #expect(try await WebhookDeliveryTests.drive(deliverer) { await recorder.received.count >= 2 })
                let received = await recorder.received
                let cards = try received.map { try SCIMValue(parsing: $0.text) }
                #expect(cards.allSatisfy { $0["type"] == "message" }, "\(received.map(\.text))")
                let attachments = cards.compactMap { $0["attachments"]?.arrayValue?.first }
                let titles = attachments.compactMap { $0["content"]?["body"]?.arrayValue?.first?["text"]?.stringValue }
                #expect(titles.sorted() == ["scimd test notification for default", "scimd: user.created bea@example.com (default)"], "\(titles)")
                #expect(attachments.count == 2 && attachments.allSatisfy { $0["contentType"] == "application/vnd.microsoft.card.adaptive" })
            }
        }
    }

    @Test("a format other than json, slack or teams is refused, and mail takes none")
    func badFormat() async throws {
        try await TestServer.run { scim in
            let n = scim.services.notifications
            let info = try await scim.adminInfo()
            await #expect(throws: AdminError.self) {
                try await n.addWebhook(SubscriptionSettings(url: "https://x.example.com/", secret: Self.secret, format: "discord"), info: info)
            }
            await #expect(throws: AdminError.self) {
                try await n.addEmail(SubscriptionSettings(address: "it@example.com", format: "slack"), info: info)
            }
            #expect(try await n.subscriptions(tenant: info.tenant).isEmpty)
        }
    }
}
