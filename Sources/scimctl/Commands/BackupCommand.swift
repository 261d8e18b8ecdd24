import ArgumentParser
import Provisioning

/// `scimctl backup FILE`: a consistent copy of the database, taken while scimd runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the whole database to a new file, consistently, while scimd keeps serving.",
        discussion: """
            The copy is one snapshot (SQLite's VACUUM INTO): compact, without the WAL, ready to be opened
            with --database. It never overwrites a file. Restore by stopping scimd and moving the copy in place.
            Example: scimctl backup /var/backups/scimd/scimd-$(date +%F).sqlite
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The new file to write.") var file: String

    func run() async throws {
        let result = try await global.perform(BackupDatabase(path: file), tenant: nil)
        if global.json { return try Output.json(result) }
        Output.line("Wrote \(result.path) (\(result.bytes) bytes) in \(result.milliseconds) ms.")
    }
}
