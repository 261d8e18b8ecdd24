import ChildProcess
import Foundation
import SCIM
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real scimd binary serving a database on 127.0.0.1 (a free port), as an administrator
/// runs it next to scimctl: a separate process sharing the SQLite file.
final class RunningServer: Sendable {
    static let binary = CLIFixture.packageRoot.appendingPathComponent(".build/debug/scimd")

    let child: ChildProcess
    /// The SCIM root, e.g. http://127.0.0.1:54321/scim/v2.
    let baseURL: String
    /// The bearer token scimd printed when it created the database.
    let token: String

    private init(child: ChildProcess, baseURL: String, token: String) {
        self.child = child
        self.baseURL = baseURL
        self.token = token
    }

    /// Starts `scimd serve` on `database`; waits (up to 60 s) for it to listen. Without a
    /// `token` scimd must create the database and print its first token.
    /// `options` are more `scimd serve` flags.
    static func start(database: String, token given: String? = nil, options: [String] = []) async throws -> RunningServer {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw MissingBinary(path: binary.path) }
        let child = try ChildProcess.launch(
            binary.path,
            arguments: ["serve", "--port", "0", "--database", database, "--schemas", CLIFixture.schemaDirectory, "--log-level", "error"]
                + options,
            mergingStandardError: true)
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ContinuousClock.now < deadline {
            let lines = child.standardOutput.split(separator: "\n").map(String.init)
            if let listening = lines.first(where: { $0.hasPrefix("scimd listening: SCIM base URL ") }),
                let token = given ?? lines.first(where: { $0.hasPrefix("scimd_") })
            {
                let base = String(listening.dropFirst("scimd listening: SCIM base URL ".count))
                return RunningServer(child: child, baseURL: base, token: token)
            }
            if !child.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        _ = await child.finish(within: .zero)
        throw ServerDidNotStart(output: child.standardOutput)
    }

    /// SIGTERM, then waits for the graceful shutdown (killed after 10 s).
    func stop() async {
        guard child.isRunning else { return }
        child.signal(SIGTERM)
        _ = await child.finish(within: .seconds(10))
    }

    /// Everything scimd printed so far.
    var printed: String { child.standardOutput }

    /// Sends one request; returns the status and the parsed body.
    func request(_ method: String, _ path: String, json: SCIMValue? = nil) async throws -> (status: Int, body: SCIMValue?) {
        guard let url = URL(string: baseURL + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let json {
            request.setValue("application/scim+json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.serialized())
        }
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? -1
        return (status, try? SCIMValue(parsing: String(decoding: data, as: UTF8.self)))
    }
}

/// scimd exited or printed no address and token within the time allowed.
struct ServerDidNotStart: Error, CustomStringConvertible {
    let output: String
    var description: String { "scimd did not start; it printed:\n\(output)" }
}

/// A value shared between tasks and threads.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
    var value: Value { mutex.withLock { $0 } }
}
