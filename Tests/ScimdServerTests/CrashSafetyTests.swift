import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SCIM
import Synchronization
import Testing

/// Group commit answers a write only after the COMMIT that holds it: a scimd killed with
/// SIGKILL under full write load must lose no write it answered, nor its sync-log entry.
@Suite("kill -9 under write load")
struct CrashSafetyTests {
    @Test("SIGKILL while 16 connections create users: every user answered 201 is stored, with its sync-log entry, after a restart")
    func noAnsweredWriteLost() async throws {
        let scimd = try await ScimdProcess.start([])
        defer { scimd.stop() }
        let answered = Answered()
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        // Ends when the server dies: the connection fails and the worker stops.
                        try? await TestClient.withClient(host: "127.0.0.1", port: scimd.port) { client in
                            for n in 0..<100_000 {
                                let name = "w\(worker)-\(n)@example.com"
                                let body =
                                    "{\"schemas\":[\"\(SCIMTestClient.userSchema)\"],\"userName\":\"\(name)\",\"active\":true,"
                                    + "\"name\":{\"givenName\":\"W\",\"familyName\":\"\(worker)\"},"
                                    + "\"emails\":[{\"type\":\"work\",\"value\":\"\(name)\"}]}"
                                let response = try await client.post(
                                    "/scim/v2/Users",
                                    headers: [.authorization: "Bearer \(scimd.token)", .contentType: "application/scim+json"],
                                    body: ByteBuffer(string: body))
                                guard response.status == .created else {
                                    answered.refused.withLock { $0.append(response.status.code) }
                                    return
                                }
                                answered.names.withLock { $0.append(name) }
                            }
                        }
                    }
                }
            }
        }
        // Kill in the middle of the load, once a good number of writes has been answered (on a
        // quiet machine 400 take about a second; the whole test suite alongside slows it to a crawl).
        let deadline = ContinuousClock.now + .seconds(20)
        while answered.names.withLock({ $0.count }) < 400, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        scimd.signal(SIGKILL)
        _ = try await scimd.waitForExit(within: .seconds(10))
        await load.value
        let acknowledged = Set(answered.names.withLock { $0 })
        #expect(answered.refused.withLock { $0 }.isEmpty, "answered other than 201 before the kill: \(answered.refused.withLock { $0 })")
        #expect(acknowledged.count >= 16, "only \(acknowledged.count) creates were answered before the kill")

        // A new scimd on the same file recovers the WAL and serves what was committed.
        let restarted = try await ScimdProcess.start([], sharing: scimd)
        defer { restarted.stop() }
        let stored = try await TestClient.withClient(host: "127.0.0.1", port: restarted.port) { client in
            var stored = Set<String>()
            var startIndex = 1
            while true {
                let response = try await client.get(
                    "/scim/v2/Users?attributes=userName&count=1000&startIndex=\(startIndex)",
                    headers: [.authorization: "Bearer \(restarted.token)"])
                let page = try SCIMValue(parsing: response.body.map { String(buffer: $0) } ?? "")
                let resources = page["Resources"]?.arrayValue ?? []
                stored.formUnion(resources.compactMap { $0["userName"]?.stringValue })
                if resources.isEmpty { break }
                startIndex += resources.count
            }
            return stored
        }
        let lost = acknowledged.subtracting(stored)
        #expect(lost.isEmpty, "\(lost.count) answered creates are gone, e.g. \(lost.sorted().prefix(3))")

        let log = try await ScimctlRun.run(
            database: restarted.databasePath, ["log", "--operation", "create", "--status", "success", "--limit", "100000", "--json"])
        #expect(log.status == 0, "\(log)")
        let logged = Set(log.jsonLines.compactMap { $0["resourceName"]?.stringValue })
        let unlogged = acknowledged.subtracting(logged)
        #expect(unlogged.isEmpty, "\(unlogged.count) answered creates have no sync-log entry, e.g. \(unlogged.sorted().prefix(3))")
        // And nothing is stored that the log does not record (the change and its entry commit together).
        #expect(stored.subtracting(logged).isEmpty)
    }

    /// The userNames answered 201, appended from the load's tasks.
    final class Answered: Sendable {
        let names = Mutex<[String]>([])
        let refused = Mutex<[Int]>([])
    }
}
