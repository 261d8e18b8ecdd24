import ArgumentParser
import Foundation
import Logging
import Provisioning

/// Options every command accepts: where the database and schemas are, and machine output.
struct GlobalOptions: ParsableArguments {
    @Option(help: "SQLite database file (SCIMD_DATABASE). Default ./data/scimd.sqlite.")
    var database: String?

    @Option(help: "Directory of schema JSON files (SCIMD_SCHEMAS). Default: ./schemas or next to the binary.")
    var schemas: String?

    @Flag(help: "Machine output: one JSON object per line.")
    var json = false

    var databasePath: String {
        database ?? ProcessInfo.processInfo.environment["SCIMD_DATABASE"] ?? "./data/scimd.sqlite"
    }

    /// Opens the service layer; a database that does not exist yet is an error here (scimctl
    /// never creates one by accident, except `tenants create` and `tokens create`).
    func services(create: Bool = false) throws -> ProvisioningServices {
        if !create, !FileManager.default.fileExists(atPath: databasePath) {
            throw CLIError("No database at \(databasePath); start scimd once or pass --database PATH.")
        }
        var logger = Logger(label: "scimctl")
        logger.logLevel = .error
        do {
            return try ProvisioningServices.openSQLite(
                databasePath: databasePath,
                schemaDirectory: schemas ?? ProcessInfo.processInfo.environment["SCIMD_SCHEMAS"], logger: logger)
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// Lets global options come before the subcommand (`scimctl --database X tokens create`) by
    /// moving them behind it, where the leaf command parses them.
    static func hoist(_ arguments: inout [String]) {
        var moved: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--database" || a == "--schemas" {
                guard i + 1 < arguments.count else { break }
                moved += [a, arguments[i + 1]]
                arguments.removeSubrange(i...(i + 1))
            } else if a.hasPrefix("--database=") || a.hasPrefix("--schemas=") || a == "--json" {
                moved.append(a)
                arguments.remove(at: i)
            } else if a.hasPrefix("-") {
                i += 1
            } else {
                break  // the first subcommand name: global options end here
            }
        }
        arguments += moved
    }
}
