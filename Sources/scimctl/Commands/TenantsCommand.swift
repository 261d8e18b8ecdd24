import ArgumentParser
import Provisioning
import SCIM

struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants", abstract: "Create and list tenants.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant (creates the database if missing).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Tenant name: letters, digits, '-', '_' or '.'.") var name: String

        func run() async throws {
            let tenant = try await global.services(create: true).tenants.createTenant(name: name)
            if global.json {
                Output.json(["id": .integer(Int(tenant.id)), "name": .string(tenant.name)])
            } else {
                Output.line("Created tenant '\(tenant.name)'. Issue its token with: scimctl tokens create --tenant \(tenant.name) --name LABEL")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let tenants = try await global.services().tenants.tenants()
            if global.json {
                for t in tenants { Output.json(["id": .integer(Int(t.id)), "name": .string(t.name), "created": .string(Output.date(t.createdMs))]) }
            } else {
                Output.table(["NAME", "CREATED"], tenants.map { [$0.name, Output.date($0.createdMs)] })
            }
        }
    }
}
