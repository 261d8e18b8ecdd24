import ArgumentParser
import Provisioning
import Store

struct MappingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mappings", abstract: "Map groups to roles and organizations.",
        subcommands: [List.self, AddRole.self, AddOrg.self, Remove.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List mappings and whether their targets exist.")
        @OptionGroup var scope: TenantScope

        func run() async throws {
            let mappings = try await scope.perform(ListMappings())
            if scope.json { return try Output.jsonLines(mappings) }
            Output.table(
                ["ID", "KIND", "GROUP", "TARGET", "PRIORITY", "TARGET EXISTS"],
                mappings.map {
                    [String($0.id), $0.kind.rawValue, $0.group, $0.target, $0.kind == .organization ? String($0.priority) : "-",
                     $0.targetExists ? "yes" : Output.status("failure") + " (missing)"]
                })
        }
    }

    struct AddRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-role", abstract: "Members of a group get a role.")
        @OptionGroup var scope: TenantScope
        @Option(help: "The group's displayName or externalId.") var group: String
        @Option(help: "The role's name.") var role: String

        func run() async throws {
            let mapping = try await scope.change(AddMapping(kind: .role, group: group, target: role))
            if scope.json { return try Output.json(mapping) }
            Output.line("Added mapping \(mapping.id): group '\(mapping.group)' → role '\(mapping.target)'.")
            if !mapping.targetExists {
                Output.line("Warning: role '\(mapping.target)' does not exist yet; create it with `scimctl roles create '\(mapping.target)'`.")
            }
        }
    }

    struct AddOrg: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-org", abstract: "Members of a group belong to an organization; the lowest priority number wins.")
        @OptionGroup var scope: TenantScope
        @Option(help: "The group's displayName or externalId.") var group: String
        @Option(help: "The organization's name.") var org: String
        @Option(help: "Priority when a user is in several mapped groups: lower wins.") var priority = AddMapping.defaultPriority

        func run() async throws {
            let mapping = try await scope.change(AddMapping(kind: .organization, group: group, target: org, priority: priority))
            if scope.json { return try Output.json(mapping) }
            Output.line(
                "Added mapping \(mapping.id): group '\(mapping.group)' → organization '\(mapping.target)' (priority \(mapping.priority)).")
            if !mapping.targetExists {
                Output.line("Warning: organization '\(mapping.target)' does not exist yet; create it with `scimctl orgs create '\(mapping.target)'`.")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a mapping by id.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Mapping id from `scimctl mappings list`.") var id: Int64

        func run() async throws {
            let mapping = try await scope.change(RemoveMapping(id: id))
            if scope.json { return try Output.json(mapping) }
            Output.line("Removed mapping \(mapping.id): group '\(mapping.group)' → \(mapping.kind.rawValue) '\(mapping.target)'.")
        }
    }
}
