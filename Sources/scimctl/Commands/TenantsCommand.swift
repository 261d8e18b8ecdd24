import ArgumentParser
import Provisioning

struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants", abstract: "Create and list tenants.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant (creates the database if missing).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Tenant name: letters, digits, '-', '_' or '.'.") var name: String

        func run() async throws {
            let tenant = try await global.perform(CreateTenant(name: name), tenant: nil, create: true)
            if global.json { return try Output.json(tenant) }
            Output.line("Created tenant '\(tenant.name)'. Issue its token with: scimctl tokens create --tenant \(tenant.name) --name LABEL")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let tenants = try await global.perform(ListTenants(), tenant: nil)
            if global.json { return try Output.jsonLines(tenants) }
            Output.table(["NAME", "CREATED"], tenants.map { [$0.name, Output.date($0.created)] })
        }
    }
}
