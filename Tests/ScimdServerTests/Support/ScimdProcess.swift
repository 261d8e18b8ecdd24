import ChildProcess
import Foundation

/// The real `scimd serve` binary (built next to the tests by `swift build --build-tests` or
/// `swift test`) on a fresh database in a temporary directory, listening on 127.0.0.1.
final class ScimdProcess: Sendable {
    static let binary = TestServer.packageRoot.appendingPathComponent(".build/debug/scimd")

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "scimd binary not found at \(ScimdProcess.binary.path); run `swift build --build-tests` first" }
    }

    struct StartFailed: Error, CustomStringConvertible {
        let output: String
        var description: String { "scimd did not start:\n\(output)" }
    }

    let child: ChildProcess
    let directory: URL
    let port: Int
    /// The SCIM token printed on first start (a process sharing another's file has that one's).
    let token: String
    /// False for a process started `sharing:` another's database: the first one deletes it.
    let ownsDirectory: Bool

    private init(child: ChildProcess, directory: URL, databasePath: String, port: Int, token: String, ownsDirectory: Bool) {
        self.child = child
        self.databasePath = databasePath
        self.directory = directory
        self.port = port
        self.token = token
        self.ownsDirectory = ownsDirectory
    }

    /// What it serves: the SQLite file in its directory, or the PostgreSQL URL it was given.
    let databasePath: String

    /// Starts `scimd serve --port 0` with `arguments` and waits for its start-up lines. With
    /// `sharing`, on that process's database file (or the one of a process that has exited):
    /// no token is printed then, since the tenant exists. With `database`, on that PostgreSQL URL;
    /// a second process on it passes the first one's `token`.
    static func start(
        _ arguments: [String], sharing: ScimdProcess? = nil, database: String? = nil, token givenToken: String? = nil
    ) async throws -> ScimdProcess {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw MissingBinary() }
        let directory =
            sharing?.directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("scimd-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let databasePath = sharing?.databasePath ?? database ?? directory.appendingPathComponent("scimd.sqlite").path
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("SCIMD_") { environment[key] = nil }
        let child = try ChildProcess.launch(
            binary.path,
            arguments: [
                "serve", "--host", "127.0.0.1", "--port", "0", "--database", databasePath,
                "--schemas", TestServer.schemaDirectory, "--log-level", "warning",
            ] + arguments,
            environment: environment, mergingStandardError: true)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, child.isRunning {
            let lines = child.standardOutput.split(separator: "\n").map(String.init)
            if let listening = lines.first(where: { $0.hasPrefix("scimd listening: SCIM base URL http://127.0.0.1:") }),
                let port = Int(listening.split(separator: ":").last?.split(separator: "/").first ?? ""),
                let token = sharing?.token ?? givenToken ?? lines.first(where: { $0.hasPrefix("scimd_") })
            {
                return ScimdProcess(
                    child: child, directory: directory, databasePath: databasePath, port: port, token: token, ownsDirectory: sharing == nil)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        child.signal(SIGKILL)
        _ = await child.wait(within: .seconds(5))
        if sharing == nil { try? FileManager.default.removeItem(at: directory) }
        throw StartFailed(output: child.standardOutput)
    }

    /// Sends `signal` to the process.
    func signal(_ signal: Int32) { child.signal(signal) }

    /// Waits for the process to exit; its status, or nil if it still runs after `limit`.
    func waitForExit(within limit: Duration) async throws -> Int32? {
        await child.wait(within: limit)
    }

    var text: String { child.standardOutput }

    /// Kills the process if it still runs and deletes its database (unless it shares another's).
    func stop() {
        child.signal(SIGKILL)
        if ownsDirectory { try? FileManager.default.removeItem(at: directory) }
    }
}
