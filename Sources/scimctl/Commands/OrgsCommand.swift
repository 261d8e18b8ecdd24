import ArgumentParser
import Provisioning

struct OrgsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgs", abstract: "The tenant's organizations (they may nest).",
        subcommands: [List.self, Create.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List organizations as a tree.")
        @OptionGroup var scope: TenantScope

        func run() async throws {
            let organizations = try await scope.perform(ListOrganizations())
            if scope.json { return try Output.jsonLines(organizations) }
            Output.table(
                ["ORGANIZATION", "CREATED"],
                organizations.map { [String(repeating: "  ", count: $0.depth) + $0.name, Output.date($0.created)] })
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an organization; pending 'Unable to move existing user' errors for this name resolve at once.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Organization name.") var name: String
        @Option(help: "Parent organization name.") var parent: String?

        func run() async throws {
            let organization = try await scope.change(CreateOrganization(name: name, parent: parent))
            if scope.json { return try Output.json(organization) }
            Output.line("Created organization '\(organization.name)'.")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an organization; its children move up one level.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Organization name.") var name: String

        func run() async throws {
            _ = try await scope.change(DeleteOrganization(name: name))
            Output.line("Deleted organization '\(name)'. Mappings that name it stay; creating it again re-applies them.")
        }
    }
}
