import Foundation

/// A SQLite database as text, from the `sqlite3` command-line shell's `.dump` (schema and every
/// row): what tests compare to show that an operation wrote nothing at all. The shell reads the
/// write-ahead log too, so a server holding the file open does not hide recent commits.
public enum DatabaseDump {
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    /// `sqlite3 -readonly PATH .dump`, or a failure saying why it could not run.
    public static func text(of path: String) async throws -> String {
        guard let shell = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { throw Failure(message: "the sqlite3 command-line shell is not installed") }
        let child = try ChildProcess.launch(shell, arguments: ["-readonly", path, ".dump"])
        let status = await child.finish(within: .seconds(30))
        guard status == 0, !child.standardOutput.isEmpty else {
            throw Failure(message: "sqlite3 .dump exited \(status): \(child.standardError)")
        }
        return child.standardOutput
    }
}
