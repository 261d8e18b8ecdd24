import ArgumentParser
import Foundation
import Provisioning

/// `scimctl`: the administrator's CLI over the same service layer the server uses.
struct Scimctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scimctl",
        abstract: "Administer scimd: tenants, tokens, users, groups, roles, organizations, mappings and the sync log.",
        discussion: "Every command takes --database PATH (or SCIMD_DATABASE); default ./data/scimd.sqlite.",
        subcommands: [
            TenantsCommand.self, TokensCommand.self, UsersCommand.self, GroupsCommand.self, RolesCommand.self,
            OrgsCommand.self, MappingsCommand.self, ScopeCommand.self, LogCommand.self, DiagnoseCommand.self,
            ProvisionCommand.self, EventsCommand.self, ReportCommand.self, NotifyCommand.self, BackupCommand.self,
            ClientsCommand.self, MigrateCommand.self,
        ])

    /// Runs the command line. Exit codes (requirements §1): 0 success, 1 operation failed, 2 usage error.
    static func start() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        GlobalOptions.hoist(&arguments)
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as AdminError {
            fail(error.message)
        } catch let error as CLIError {
            fail(error.message)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            // ArgumentParser reports usage errors as EX_USAGE (64); requirements §1 promises 2.
            let message = fullMessage(for: error)
            if code.rawValue == 64 {
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(2)
            }
            fail(message)
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("scimctl: \(message)\n".utf8))
        Foundation.exit(1)
    }
}

/// A failure of a scimctl command, printed as one sentence.
struct CLIError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
