import ChildProcess
import Foundation
import SCIM

/// One run of the real `scimctl` binary (built next to the tests, like `scimd`) against a
/// database file, for tests that administer a running scimd the way an operator does.
struct ScimctlRun: Sendable, CustomStringConvertible {
    static let binary = TestServer.packageRoot.appendingPathComponent(".build/debug/scimctl")

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "scimctl binary not found at \(ScimctlRun.binary.path); run `swift build --build-tests` first" }
    }

    let status: Int32
    let stdout: String
    let stderr: String

    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    /// Each stdout line parsed as JSON (`--json` prints one object per line).
    var jsonLines: [SCIMValue] { lines.compactMap { try? SCIMValue(parsing: $0) } }
    var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }

    /// Runs `scimctl --database DATABASE --schemas DIR <arguments>` to completion (killed after 30 s).
    static func run(database: String, _ arguments: [String]) async throws -> ScimctlRun {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw MissingBinary() }
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("SCIMD_") || key.hasPrefix("SCIMCTL_") { environment[key] = nil }
        let child = try ChildProcess.launch(
            binary.path, arguments: ["--database", database, "--schemas", TestServer.schemaDirectory] + arguments,
            environment: environment)
        let status = await child.finish(within: .seconds(30))
        return ScimctlRun(status: status, stdout: child.standardOutput, stderr: child.standardError)
    }
}
