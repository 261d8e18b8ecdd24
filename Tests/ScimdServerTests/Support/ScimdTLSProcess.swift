import ChildProcess
import Foundation

/// The real `scimd` binary serving HTTPS (`ScimdProcess` waits for an http:// start-up line).
final class ScimdTLSProcess: Sendable {
    let child: ChildProcess
    let directory: URL
    let port: Int
    let token: String
    /// The start-up line's SCIM base URL.
    let baseURL: String

    private init(child: ChildProcess, directory: URL, port: Int, token: String, baseURL: String) {
        self.child = child
        self.directory = directory
        self.port = port
        self.token = token
        self.baseURL = baseURL
    }

    private static func launch(_ arguments: [String], environment extra: [String: String], mergingStandardError: Bool) throws -> (ChildProcess, URL) {
        guard FileManager.default.isExecutableFile(atPath: ScimdProcess.binary.path) else { throw ScimdProcess.MissingBinary() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-tls-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("SCIMD_") { environment[key] = nil }
        environment.merge(extra) { $1 }
        let child = try ChildProcess.launch(
            ScimdProcess.binary.path,
            arguments: [
                "serve", "--host", "127.0.0.1", "--port", "0", "--database", directory.appendingPathComponent("scimd.sqlite").path,
                "--schemas", TestServer.schemaDirectory, "--log-level", "info",
            ] + arguments,
            environment: environment, mergingStandardError: mergingStandardError)
        return (child, directory)
    }

    /// Starts `scimd serve --port 0` with `arguments` and waits for its https start-up line.
    static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> ScimdTLSProcess {
        let (child, directory) = try launch(arguments, environment: environment, mergingStandardError: true)
        let deadline = ContinuousClock.now + .seconds(30)
        let prefix = "scimd listening: SCIM base URL "
        while ContinuousClock.now < deadline, child.isRunning {
            let lines = child.standardOutput.split(separator: "\n").map(String.init)
            if let listening = lines.first(where: { $0.hasPrefix(prefix + "https://127.0.0.1:") }),
                let port = Int(listening.split(separator: ":").last?.split(separator: "/").first ?? ""),
                let token = lines.first(where: { $0.hasPrefix("scimd_") })
            {
                return ScimdTLSProcess(child: child, directory: directory, port: port, token: token, baseURL: String(listening.dropFirst(prefix.count)))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        child.signal(SIGKILL)
        _ = await child.wait(within: .seconds(5))
        try? FileManager.default.removeItem(at: directory)
        throw ScimdProcess.StartFailed(output: child.standardOutput)
    }

    /// Runs `scimd serve` with `arguments` to its end (it is expected to fail at start-up).
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, stdout: String, stderr: String, database: Bool) {
        let (child, directory) = try launch(arguments, environment: environment, mergingStandardError: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let status = await child.finish(within: .seconds(30))
        let database = FileManager.default.fileExists(atPath: directory.appendingPathComponent("scimd.sqlite").path)
        return (status, child.standardOutput, child.standardError, database)
    }

    func signal(_ signal: Int32) { child.signal(signal) }

    var text: String { child.standardOutput }

    func stop() {
        child.signal(SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }
}
