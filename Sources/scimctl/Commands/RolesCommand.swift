import ArgumentParser
import Provisioning

struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles", abstract: "The tenant's role catalogue.", subcommands: [List.self, Create.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List roles.")
        @OptionGroup var scope: TenantScope

        func run() async throws {
            let roles = try await scope.perform(ListRoles())
            if scope.json { return try Output.jsonLines(roles) }
            Output.table(["NAME", "DESCRIPTION", "CREATED"], roles.map { [$0.name, $0.description ?? "", Output.date($0.created)] })
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a role; users of groups mapped to this name get it at once.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Role name.") var name: String
        @Option(help: "What the role allows.") var description: String?

        func run() async throws {
            let role = try await scope.change(CreateRole(name: name, description: description))
            if scope.json { return try Output.json(role) }
            Output.line("Created role '\(role.name)'.")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a role; users holding it through a mapping get 'Unable to update user's role' errors.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Role name.") var name: String

        func run() async throws {
            let role = try await scope.change(DeleteRole(name: name))
            if scope.json { return try Output.json(role) }
            Output.line("Deleted role '\(role.name)'. Mappings that name it stay; creating the role again re-applies them.")
        }
    }
}
