import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Provisioning
import SCIM
import Synchronization
import Testing

/// The webhook deliverer inside real `scimd serve` processes: two of them on one SQLite file
/// deliver every event once between them, and one killed with SIGKILL mid-retry loses nothing —
/// the next process on the file sends every pending delivery, retries under the same
/// `X-Scimd-Delivery` id, and `scimctl notify status` and `scimctl log` say what happened.
@Suite("Webhook delivery across scimd processes", .serialized)
struct DeliveryProcessTests {
    static let secret = "0123456789abcdef-process"
    /// A 2 s attempt timeout and a 4 s lease (the deliverer keeps a lease at least the timeout
    /// plus 1 s): a delivery a killed process held is taken over within seconds, not a minute.
    static let fastLeases = ["--notify-timeout", "2", "--notify-lease", "4"]

    /// A switch the receiver's answer reads and the test flips.
    final class Failing: Sendable {
        let on = Mutex(true)
    }

    /// Adds a webhook with `scimctl notify add-webhook` (frequency never: no report or error
    /// digest joins the events) and returns its id.
    static func subscribe(_ scimd: ScimdProcess, _ url: String) async throws -> String {
        let added = try await ScimctlRun.run(
            database: scimd.databasePath, ["notify", "add-webhook", url, "--secret", secret, "--frequency", "never"])
        #expect(added.status == 0, "\(added)")
        return try #require(added.lines.last, "\(added)")
    }

    /// Creates users `prefix-0 …` through `scimd`'s SCIM endpoint on one keep-alive connection.
    static func createUsers(_ scimd: ScimdProcess, prefix: String, count: Int) async throws {
        try await TestClient.withClient(host: "127.0.0.1", port: scimd.port) { client in
            for n in 0..<count {
                // What the default sync scope requires: a work email and a name.
                let name = "\(prefix)-\(n)@example.com"
                let body =
                    "{\"schemas\":[\"\(SCIMTestClient.userSchema)\"],\"userName\":\"\(name)\",\"active\":true,"
                    + "\"name\":{\"givenName\":\"N\(n)\",\"familyName\":\"\(prefix)\"},"
                    + "\"emails\":[{\"type\":\"work\",\"value\":\"\(name)\"}]}"
                let response = try await client.post(
                    "/scim/v2/Users", headers: [.authorization: "Bearer \(scimd.token)", .contentType: "application/scim+json"],
                    body: ByteBuffer(string: body))
                #expect(response.status == .created, "\(response.body.map { String(buffer: $0) } ?? "")")
            }
        }
    }

    /// Every event id in the tenant's outbox (`scimctl events --json`).
    static func outboxEventIDs(_ scimd: ScimdProcess) async throws -> Set<String> {
        let events = try await ScimctlRun.run(database: scimd.databasePath, ["events", "--after", "0", "--limit", "1000", "--json"])
        #expect(events.status == 0, "\(events)")
        return Set(events.jsonLines.compactMap { $0["id"]?.stringValue })
    }

    /// The event ids a webhook body carries: one event, or `{"events": [...]}` in batch mode.
    static func eventIDs(_ received: WebhookRecorder.Received) -> [String] {
        guard let body = try? SCIMValue(parsing: received.text) else { return [] }
        if let batch = body["events"]?.arrayValue { return batch.compactMap { $0["id"]?.stringValue } }
        return body["id"]?.stringValue.map { [$0] } ?? []
    }

    /// Per event id, the delivery ids it arrived under.
    static func deliveryIDsByEvent(_ received: [WebhookRecorder.Received]) -> [String: Set<String>] {
        var byEvent: [String: Set<String>] = [:]
        for hit in received {
            let delivery = hit.header("X-Scimd-Delivery") ?? "(none)"
            for event in eventIDs(hit) { byEvent[event, default: []].insert(delivery) }
        }
        return byEvent
    }

    /// Polls `condition` every 100 ms for at most `seconds`; true when it held.
    static func eventually(seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    /// `scimctl notify status --json`: the one subscription's entry.
    static func status(_ scimd: ScimdProcess) async throws -> SCIMValue {
        let status = try await ScimctlRun.run(database: scimd.databasePath, ["notify", "status", "--attempts", "1000", "--json"])
        #expect(status.status == 0, "\(status)")
        let summary = try #require(status.jsonLines.first, "\(status)")
        return try #require(summary["subscriptions"]?.arrayValue?.first, "\(status)")
    }

    @Test("two scimd processes on one file: 60 users created through both, every event arrives under one delivery id")
    func twoProcessesDeliverEachEventOnce() async throws {
        let first = try await ScimdProcess.start(Self.fastLeases)
        defer { first.stop() }
        let second = try await ScimdProcess.start([], sharing: first)
        defer { second.stop() }
        try await WebhookReceiver.run { url, recorder in
            _ = try await Self.subscribe(first, url)
            async let viaFirst: Void = Self.createUsers(first, prefix: "one", count: 30)
            async let viaSecond: Void = Self.createUsers(second, prefix: "two", count: 30)
            _ = try await (viaFirst, viaSecond)
            let expected = try await Self.outboxEventIDs(first)
            // user.created and user.provisioned for each of the 60 users.
            #expect(expected.count == 120, "\(expected.count) events in the outbox")
            let arrived = try await Self.eventually(seconds: 60) {
                expected.isSubset(of: Set(await recorder.received.flatMap(Self.eventIDs)))
            }
            let missing = expected.subtracting(await recorder.received.flatMap(Self.eventIDs))
            #expect(arrived, "\(missing.count) events never arrived")
            // Three poll intervals more: a second process sending something again would show by now.
            try await Task.sleep(for: .milliseconds(1_500))
            let received = await recorder.received
            let byEvent = Self.deliveryIDsByEvent(received)
            let twice = byEvent.filter { $0.value.count > 1 }
            #expect(twice.isEmpty, "events queued twice (under two delivery ids): \(twice)")
            #expect(Set(byEvent.keys) == expected, "only the outbox's events arrive")
            let repeated = Dictionary(grouping: received.compactMap { $0.header("X-Scimd-Delivery") }, by: { $0 }).filter {
                $0.value.count > 1
            }
            #expect(repeated.isEmpty, "a delivery answered 204 was sent again: \(repeated.keys.sorted())")
            let now = Int64(Date().timeIntervalSince1970)
            #expect(received.allSatisfy {
                WebhookSignature.verify(header: $0.header("X-Scimd-Signature") ?? "", body: $0.body, secret: Self.secret, nowSeconds: now)
            })
            let status = try await Self.status(first)
            #expect(status["delivered"] == .integer(received.count) && status["pending"] == .integer(0), "\(status)")
            #expect(status["failed"] == .integer(0), "\(status)")
        }
    }

    @Test("scimd killed with SIGKILL while deliveries retry: the next scimd on the file sends each once more under the same id")
    func killedMidRetry() async throws {
        let failing = Failing()
        let first = try await ScimdProcess.start(Self.fastLeases)
        defer { first.stop() }
        try await WebhookReceiver.run(respond: { _ in failing.on.withLock { $0 } ? (.internalServerError, .zero) : (.ok, .zero) }) {
            url, recorder in
            _ = try await Self.subscribe(first, url)
            try await Self.createUsers(first, prefix: "kill", count: 10)
            let expected = try await Self.outboxEventIDs(first)
            #expect(expected.count == 20, "\(expected.count) events in the outbox")
            // Each event tried at least twice (a first attempt and a retry after 0.5-1 s).
            let retried = try await Self.eventually(seconds: 30) {
                let counts = Dictionary(grouping: await recorder.received.flatMap(Self.eventIDs), by: { $0 }).mapValues(\.count)
                return expected.allSatisfy { (counts[$0] ?? 0) >= 2 }
            }
            #expect(retried, "not every event was retried")
            first.signal(SIGKILL)
            #expect(try await first.waitForExit(within: .seconds(10)) == SIGKILL)
            let beforeRestart = await recorder.received

            // The dead process's work, as the operator sees it: nothing delivered, nothing given up.
            let down = try await Self.status(first)
            #expect(down["delivered"] == .integer(0) && down["failed"] == .integer(0), "\(down)")
            #expect(down["pending"] == .integer(Set(beforeRestart.compactMap { $0.header("X-Scimd-Delivery") }).count), "\(down)")
            let attempts = down["recentAttempts"]?.arrayValue ?? []
            #expect(!attempts.isEmpty && attempts.allSatisfy { $0["httpStatus"] == .integer(500) && $0["error"] == "HTTP 500" }, "\(down)")

            failing.on.withLock { $0 = false }
            let second = try await ScimdProcess.start(Self.fastLeases, sharing: first)
            defer { second.stop() }
            // A delivery the dead process held leased waits for the lease (4 s) to run out.
            let arrived = try await Self.eventually(seconds: 40) {
                expected.isSubset(of: Set(await recorder.received.dropFirst(beforeRestart.count).flatMap(Self.eventIDs)))
            }
            #expect(arrived, "not every event arrived after the restart")
            try await Task.sleep(for: .milliseconds(1_500))
            let received = await recorder.received
            let afterRestart = Array(received.dropFirst(beforeRestart.count))
            let byEvent = Self.deliveryIDsByEvent(received)
            #expect(byEvent.allSatisfy { $0.value.count == 1 }, "one delivery id per event, before and after the kill: \(byEvent)")
            let sentAgain = Dictionary(grouping: afterRestart.compactMap { $0.header("X-Scimd-Delivery") }, by: { $0 }).filter {
                $0.value.count > 1
            }
            #expect(sentAgain.isEmpty, "answered 200, yet sent again: \(sentAgain.keys.sorted())")
            #expect(
                Set(afterRestart.compactMap { $0.header("X-Scimd-Delivery") })
                    == Set(beforeRestart.compactMap { $0.header("X-Scimd-Delivery") }),
                "after the restart, exactly the deliveries that had failed")

            let up = try await Self.status(second)
            #expect(up["delivered"] == .integer(afterRestart.count), "\(up)")
            #expect(up["pending"] == .integer(0) && up["failed"] == .integer(0), "\(up)")
            let statuses = (up["recentAttempts"]?.arrayValue ?? []).compactMap { $0["httpStatus"]?.intValue }
            #expect(statuses.filter { $0 == 200 }.count == afterRestart.count, "\(up)")
            // Every finished attempt is recorded; the ones cut off by the kill reached the receiver but not the file.
            let failedAttempts = statuses.filter { $0 == 500 }.count
            #expect(failedAttempts <= beforeRestart.count && failedAttempts >= beforeRestart.count - 16, "\(up)")
            let warnings = try await ScimctlRun.run(database: second.databasePath, ["log", "--status", "warning", "--json"])
            #expect(warnings.status == 0, "\(warnings)")
            #expect(!warnings.stdout.contains("notify-failed"), "retried deliveries that then arrived are no warning: \(warnings)")
        }
    }
}

extension SCIMValue {
    fileprivate var intValue: Int? {
        if case .integer(let n) = self { return n }
        return nil
    }
}
