import Foundation
import Synchronization

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

    let process: Process
    let directory: URL
    let port: Int
    /// The SCIM token printed on first start.
    let token: String
    private let output: Output

    private init(process: Process, directory: URL, port: Int, token: String, output: Output) {
        self.process = process
        self.directory = directory
        self.port = port
        self.token = token
        self.output = output
    }

    /// Starts `scimd serve --port 0` with `arguments` and waits for its start-up lines.
    static func start(_ arguments: [String]) async throws -> ScimdProcess {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw MissingBinary() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = binary
        process.arguments =
            [
                "serve", "--host", "127.0.0.1", "--port", "0", "--database", directory.appendingPathComponent("scimd.sqlite").path,
                "--schemas", TestServer.schemaDirectory, "--log-level", "warning",
            ] + arguments
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("SCIMD_") { environment[key] = nil }
        process.environment = environment
        let output = Output()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, process.isRunning {
            let lines = output.text.split(separator: "\n").map(String.init)
            if let listening = lines.first(where: { $0.hasPrefix("scimd listening: SCIM base URL http://127.0.0.1:") }),
                let port = Int(listening.split(separator: ":").last?.split(separator: "/").first ?? ""),
                let token = lines.first(where: { $0.hasPrefix("scimd_") })
            {
                return ScimdProcess(process: process, directory: directory, port: port, token: token, output: output)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: directory)
        throw StartFailed(output: output.text)
    }

    /// Sends `signal` to the process.
    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit; its status, or nil if it still runs after `limit`.
    func waitForExit(within limit: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            if ContinuousClock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    var text: String { output.text }

    /// Kills the process if it still runs and deletes its database.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    private final class Output: Sendable {
        private let data = Mutex(Data())
        func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
        var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
    }
}
