import ArgumentParser
import Provisioning

/// `scimctl migrate --from FILE --to URL`: a SQLite deployment into an empty PostgreSQL database.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Copy a SQLite deployment into an empty PostgreSQL database.",
        discussion: """
            Copies every tenant, token, OAuth client, user, group, membership, mapping, assignment, open mapping
            error, the sync log, events and notification state, keeping every id, then compares the row count of
            each table on both sides. The PostgreSQL database must be empty (scimd creates its tables on first
            connection); the copy is one transaction, so a failure leaves it empty. Stop scimd on the SQLite file
            first, or writes made during the copy stay behind.
            Example: scimctl migrate --from ./data/scimd.sqlite --to 'postgres://scimd:secret@db:5432/scimd?sslmode=require'
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The SQLite database to copy.", valueName: "file")) var from: String
    @Option(help: ArgumentHelp("The PostgreSQL database to copy into (postgres://USER:PASSWORD@HOST:PORT/DATABASE).", valueName: "url"))
    var to: String

    func run() async throws {
        let result = try await MigrateToPostgres.run(from: from, to: to)
        if global.json { return try Output.json(result) }
        Output.table(["table", "SQLite rows", "PostgreSQL rows"], result.tables.map { [$0.table, String($0.source), String($0.target)] })
        Output.line("Copied \(result.rows) rows from \(result.from) to \(result.to) in \(result.milliseconds) ms; every table's counts match.")
    }
}
