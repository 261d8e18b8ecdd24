import CSQLite
import Foundation
import Provisioning
import SCIM
import Store
import Testing

/// scimctl shares the database with a running scimd. SQLite's lock is not fair between
/// processes, so scimctl must win it within `--wait` even while identity providers keep the
/// server's writer busy.
@Suite("scimctl next to a busy scimd")
struct ServerContentionTests {
    @Test("`scimctl roles create` succeeds every time while four clients PATCH groups through a running scimd")
    func rolesCreateUnderLoad() async throws {
        try await CLIFixture.run { f in
            // Four groups of 400 members, changed one member at a time: each PATCH is one write
            // transaction that also re-reads and renders the group, so the server's writer is
            // busy nearly all the time, as during an identity provider's sync.
            let token = try await f.services.tokenAdministration.createToken(name: "load").secret
            var members: [String] = []
            for i in 0..<400 { members.append(try await f.user("member-\(i)@example.com")) }
            var groups: [String] = []
            for g in 0..<4 { groups.append(try await f.group("Load \(g)", members: members)) }
            let server = try await RunningServer.start(database: f.databasePath, token: token)
            do {
                try await Self.createRoles(next: server, groups: groups, members: members, f)
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }

    private static func createRoles(next server: RunningServer, groups: [String], members: [String], _ f: CLIFixture)
        async throws
    {
        let stop = Locked(false)
        let loops = groups.map { group in
            Task { () -> [Int] in
                var statuses: [Int] = []
                var n = 0
                let deadline = ContinuousClock.now.advanced(by: .seconds(60))
                while !stop.value && ContinuousClock.now < deadline {
                    let member = members[(n / 2) % members.count]
                    // Remove a member, then add it back.
                    let operation: SCIMValue =
                        n % 2 == 0
                        ? ["op": "remove", "path": .string("members[value eq \"\(member)\"]")]
                        : ["op": "add", "path": "members", "value": [["value": .string(member)]]]
                    let patch: SCIMValue = [
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [operation],
                    ]
                    statuses.append((try? await server.request("PATCH", "/Groups/\(group)", json: patch).status) ?? -1)
                    n += 1
                }
                return statuses
            }
        }
        try await Task.sleep(for: .milliseconds(500))  // the loops are up to speed
        let held = Self.lockOccupancy(f.databasePath)
        var latencies: [Duration] = []
        var failures: [CLIResult] = []
        for i in 0..<6 {
            let start = ContinuousClock.now
            let result = try await f.scimctl("roles", "create", "Role \(i)")
            latencies.append(ContinuousClock.now - start)
            if result.status != 0 { failures.append(result) }
        }
        stop.withLock { $0 = true }
        var statuses: [Int] = []
        for loop in loops { statuses += await loop.value }
        #expect(failures.isEmpty, "\(failures.count) of 6 failed: \(failures.map(\.description).joined(separator: "\n"))")
        let patched = statuses.filter { $0 == 200 }.count
        #expect(patched > 0 && patched == statuses.count, "PATCH statuses: \(Dictionary(grouping: statuses) { $0 }.mapValues(\.count))")
        let milliseconds = latencies.map { Int($0.seconds * 1000) }.sorted()
        let median = milliseconds[milliseconds.count / 2]
        let slowest = milliseconds.last ?? 0
        print(
            "scimctl roles create next to 4 group PATCH loops: \(milliseconds.count) runs, median \(median) ms, "
                + "max \(slowest) ms; \(patched) PATCHes answered 200 meanwhile; lock held \(held)% of 500 1-ms probes")
        let list = try await f.scimctl("--json", "roles", "list")
        #expect(list.jsonLines.count == 6 - failures.count, "\(list)")
    }

    @Test("--wait bounds how long scimctl waits for a lock another process holds")
    func waitIsHonoured() async throws {
        try await CLIFixture.run { f in
            let entered = AsyncStream.makeStream(of: Void.self)
            let release = AsyncStream.makeStream(of: Void.self)
            // This test process plays scimd: its store holds the write lock until released.
            let holder = Task {
                try await f.services.store.write { _ in
                    entered.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in entered.stream { break }
            let start = ContinuousClock.now
            let refused = try await f.scimctl("--wait", "0.3", "roles", "create", "Blocked")
            let waited = ContinuousClock.now - start
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("busy"), "\(refused)")
            #expect(waited < .seconds(10), "scimctl gave up after \(waited.seconds) s")
            // A wait long enough for the holder to finish succeeds.
            Task.detached {
                try? await Task.sleep(for: .milliseconds(500))
                release.continuation.yield()
            }
            let patient = try await f.scimctl("--wait", "20", "roles", "create", "Patient")
            #expect(patient.status == 0, "\(patient)")
            try await holder.value
        }
    }

    @Test("a --wait or SCIMCTL_WAIT that is not a number of seconds is a usage error", arguments: [
        (["--wait", "-1"], [:]), (["--wait", "soon"], [:]), (["--wait", "1e9"], [:]), ([], ["SCIMCTL_WAIT": "later"]),
        ([], ["SCIMCTL_WAIT": "-5"]),
    ] as [([String], [String: String])])
    func badWait(_ arguments: [String], _ environment: [String: String]) async throws {
        try await CLIFixture.run { f in
            let result = try await Self.execute(f.globalArguments + arguments + ["roles", "list"], environment: environment)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("wait") || result.stderr.contains("WAIT"), "\(result)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("SCIMCTL_WAIT sets the wait when --wait is absent")
    func waitFromEnvironment() async throws {
        try await CLIFixture.run { f in
            let result = try await Self.execute(f.globalArguments + ["roles", "list"], environment: ["SCIMCTL_WAIT": "2.5"])
            #expect(result.status == 0, "\(result)")
        }
    }

    /// How often (percent) an attempt to take the write lock finds it held, over 500 attempts 1 ms apart.
    static func lockOccupancy(_ path: String) -> Int {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else { return -1 }
        defer { sqlite3_close_v2(db) }
        var held = 0
        for _ in 0..<500 {
            if sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK {
                sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
            } else {
                held += 1
            }
            usleep(1000)
        }
        return held / 5
    }

    /// Runs scimctl with extra environment variables.
    static func execute(_ arguments: [String], environment extra: [String: String]) async throws -> CLIResult {
        try await CLIFixture.execute(arguments, environment: extra)
    }
}

extension Duration {
    /// Seconds as a Double, for messages.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
