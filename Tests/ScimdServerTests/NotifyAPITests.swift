import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing

/// `/admin/v1/notify` over real HTTP: subscriptions are added, listed without their secret,
/// changed, tested and removed through the same operations as `scimctl notify`; bad settings are
/// 400 naming the setting; each change is an admin entry in the sync log; tenants are isolated.
@Suite("Admin API: notification subscriptions")
struct NotifyAPITests {
    static let secret = "0123456789abcdef-secret"

    @Test("add, list (secret hidden), change, test, status and remove a webhook; each change is logged")
    func lifecycle() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let created = try await scim.admin(
                .post, "notify/webhooks",
                json: ["url": "https://hooks.example.com/scimd", "secret": .string(Self.secret), "events": ["user.created"],
                       "errorWindow": "1s"], token: token)
            #expect(created.status == 201, "\(created.raw)")
            let id = try #require(created["id"]?.stringValue)
            #expect(created["secretSet"] == .bool(true) && created["frequency"] == "daily" && created["errorWindow"] == "1s")
            #expect(!created.raw.contains(Self.secret))

            let list = try await scim.admin(.get, "notify/subscriptions", token: token)
            #expect(list.status == 200 && list["subscriptions"]?.arrayValue?.count == 1)
            #expect(!list.raw.contains(Self.secret))

            let changed = try await scim.admin(
                .patch, "notify/subscriptions/\(id)", json: ["frequency": "errors-only", "timeZone": "Europe/Berlin", "reportHour": 6],
                token: token)
            #expect(changed.status == 200, "\(changed.raw)")
            #expect(changed["frequency"] == "errors-only" && changed["timeZone"] == "Europe/Berlin")
            #expect(changed["events"] == ["user.created"] && changed["target"] == "https://hooks.example.com/scimd")

            let test = try await scim.admin(.post, "notify/subscriptions/\(id)/test", token: token)
            #expect(test.status == 202 && test["delivery"]?.stringValue?.isEmpty == false, "\(test.raw)")
            let status = try await scim.admin(.get, "notify/status", token: token)
            let entry = status["subscriptions"]?.arrayValue?.first
            #expect(entry?["pending"]?.asInt == 1, "\(status.raw)")

            #expect(try await scim.admin(.delete, "notify/subscriptions/\(id)", token: token).status == 204)
            let gone = try await scim.admin(.delete, "notify/subscriptions/\(id)", token: token)
            #expect(gone.status == 404 && gone.isSCIMError, "\(gone.raw)")

            let operations = try await scim.logEntries().map(\.operation)
            #expect(["notify-add", "notify-set", "notify-test", "notify-remove"].allSatisfy(operations.contains), "\(operations)")
            #expect(try await scim.logEntries().allSatisfy { !$0.message.contains(Self.secret) })
        }
    }

    static let base = #""url":"https://hooks.example.com/","secret":"0123456789abcdef-secret""#
    static let badBodies: [(String, String)] = [
        (#"{"url":"ftp://hooks.example.com/","secret":"0123456789abcdef-secret"}"#, "URL"),
        (#"{"url":"https://hooks.example.com/","secret":"short"}"#, "secret"),
        ("{\(base),\"events\":[\"user.exploded\"]}", "user.exploded"),
        ("{\(base),\"frequency\":\"hourly\"}", "frequency"),
        ("{\(base),\"reportHour\":24}", "hour"),
        ("{\(base),\"timeZone\":\"Mars/Base\"}", "time zone"),
        ("{\(base),\"errorWindow\":\"500ms\"}", "error window"),
        ("{\(base),\"batchSize\":0}", "batch size"),
        (#"{"secret":"0123456789abcdef-secret"}"#, "URL"),
    ]

    @Test("bad settings are 400 naming what is wrong, and nothing is stored", arguments: badBodies)
    func badSettings(_ body: String, _ named: String) async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let response = try await scim.admin(.post, "notify/webhooks", json: try SCIMValue(parsing: body), token: token)
            #expect(response.status == 400 && response.isSCIMError, "\(response.raw)")
            #expect(response["detail"]?.stringValue?.contains(named) == true, "\(response.raw)")
            #expect(try await scim.admin(.get, "notify/subscriptions", token: token)["subscriptions"] == [])
        }
    }

    @Test("a tenant sees, changes and removes only its own subscriptions")
    func isolation() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let created = try await scim.admin(
                .post, "notify/webhooks", json: ["url": "https://a.example.com/", "secret": .string(Self.secret)], token: token)
            let id = try #require(created["id"]?.stringValue)
            _ = try await scim.token(forNewTenant: "other")
            let otherToken = try await scim.services.tokenAdministration.createToken(tenantName: "other", name: "op", kind: .admin).secret
            #expect(try await scim.admin(.get, "notify/subscriptions", token: otherToken)["subscriptions"] == [])
            #expect(try await scim.admin(.patch, "notify/subscriptions/\(id)", json: ["frequency": "never"], token: otherToken).status == 404)
            #expect(try await scim.admin(.delete, "notify/subscriptions/\(id)", token: otherToken).status == 404)
            #expect(try await scim.admin(.post, "notify/subscriptions/\(id)/test", token: otherToken).status == 404)
            #expect(try await scim.admin(.get, "notify/subscriptions", token: token)["subscriptions"]?.arrayValue?.count == 1)
        }
    }
}
