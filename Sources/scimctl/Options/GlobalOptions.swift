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

    @Option(
        help: ArgumentHelp(
            "Seconds to wait while a running scimd holds the database before failing as busy (SCIMCTL_WAIT). Default 30.",
            valueName: "seconds"))
    var wait: Double?

    var databasePath: String {
        database ?? ProcessInfo.processInfo.environment["SCIMD_DATABASE"] ?? "./data/scimd.sqlite"
    }

    func validate() throws {
        _ = try waitSeconds()
    }

    /// A day: longer is a mistake, and the milliseconds must fit the store's clock.
    static let maxWait: Double = 86_400

    /// `--wait`, else SCIMCTL_WAIT, else 30 seconds.
    func waitSeconds(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Double {
        if let wait {
            guard (0...Self.maxWait).contains(wait) else {
                throw ValidationError("--wait must be a number of seconds from 0 to \(Int(Self.maxWait)).")
            }
            return wait
        }
        guard let text = environment["SCIMCTL_WAIT"] else { return 30 }
        guard let seconds = Double(text), (0...Self.maxWait).contains(seconds) else {
            throw ValidationError("SCIMCTL_WAIT must be a number of seconds from 0 to \(Int(Self.maxWait)); it is '\(text)'.")
        }
        return seconds
    }

    /// Opens the service layer; a database that does not exist yet is an error here (scimctl
    /// never creates one by accident, except `tenants create` and `tokens create`).
    /// `--database` (or SCIMD_DATABASE) is a SQLite path or a `postgres://` URL.
    func services(create: Bool = false) async throws -> ProvisioningServices {
        if !create, !ProvisioningServices.isPostgres(database: databasePath), !FileManager.default.fileExists(atPath: databasePath) {
            throw CLIError("No database at \(databasePath); start scimd once or pass --database PATH.")
        }
        var logger = Logger(label: "scimctl")
        logger.logLevel = .error
        do {
            // scimd's writer takes the lock again microseconds after each commit, and SQLite's lock
            // is not fair between processes: the store polls every millisecond (its busy handler)
            // and retries BEGIN IMMEDIATE until this much time has passed.
            return try await ProvisioningServices.open(
                database: databasePath,
                schemaDirectory: schemas ?? ProcessInfo.processInfo.environment["SCIMD_SCHEMAS"],
                lockTimeout: .milliseconds(Int64((try waitSeconds() * 1000).rounded())), logger: logger)
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
            if a == "--database" || a == "--schemas" || a == "--wait" {
                guard i + 1 < arguments.count else { break }
                moved += [a, arguments[i + 1]]
                arguments.removeSubrange(i...(i + 1))
            } else if a.hasPrefix("--database=") || a.hasPrefix("--schemas=") || a.hasPrefix("--wait=") || a == "--json" {
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
