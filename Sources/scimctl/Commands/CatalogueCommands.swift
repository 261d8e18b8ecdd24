import ArgumentParser
import Provisioning
import SCIM
import Store

struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles", abstract: "The tenant's role catalogue.", subcommands: [List.self, Create.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List roles.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption

        func run() async throws {
            let services = try global.services()
            let roles = try await services.mappings.roles(tenant: try await tenant.requestInfo(services).tenant)
            if global.json {
                for r in roles {
                    Output.json(["id": .integer(Int(r.id)), "name": .string(r.name), "description": r.description.map { .string($0) } ?? .null])
                }
            } else {
                Output.table(["NAME", "DESCRIPTION", "CREATED"], roles.map { [$0.name, $0.description ?? "", Output.date($0.createdMs)] })
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a role; users of groups mapped to this name get it at once.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Argument(help: "Role name.") var name: String
        @Option(help: "What the role allows.") var description: String?

        func run() async throws {
            let services = try global.services()
            let role = try await services.mappings.createRole(name: name, description: description, info: try await tenant.requestInfo(services))
            try await RecomputeProgress.finish(services)
            Output.line("Created role '\(role.name)'.")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a role; users holding it through a mapping get 'Unable to update user's role' errors.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Argument(help: "Role name.") var name: String

        func run() async throws {
            let services = try global.services()
            let role = try await services.mappings.deleteRole(name: name, info: try await tenant.requestInfo(services))
            try await RecomputeProgress.finish(services)
            Output.line("Deleted role '\(role.name)'. Mappings that name it stay; creating the role again re-applies them.")
        }
    }
}

struct OrgsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgs", abstract: "The tenant's organizations (they may nest).",
        subcommands: [List.self, Create.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List organizations as a tree.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption

        func run() async throws {
            let services = try global.services()
            let orgs = try await services.mappings.organizations(tenant: try await tenant.requestInfo(services).tenant)
            let byID = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, $0) })
            if global.json {
                for o in orgs {
                    Output.json([
                        "id": .integer(Int(o.id)), "name": .string(o.name),
                        "parent": o.parentID.flatMap { byID[$0]?.name }.map { .string($0) } ?? .null,
                    ])
                }
                return
            }
            var rows: [[String]] = []
            func visit(_ parent: Int64?, depth: Int) {
                for o in orgs where o.parentID == parent {
                    rows.append([String(repeating: "  ", count: depth) + o.name, Output.date(o.createdMs)])
                    visit(o.id, depth: depth + 1)
                }
            }
            visit(nil, depth: 0)
            Output.table(["ORGANIZATION", "CREATED"], rows)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an organization; pending 'Unable to move existing user' errors for this name resolve at once.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Argument(help: "Organization name.") var name: String
        @Option(help: "Parent organization name.") var parent: String?

        func run() async throws {
            let services = try global.services()
            let org = try await services.mappings.createOrganization(name: name, parent: parent, info: try await tenant.requestInfo(services))
            try await RecomputeProgress.finish(services)
            Output.line("Created organization '\(org.name)'.")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an organization; its children move up one level.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Argument(help: "Organization name.") var name: String

        func run() async throws {
            let services = try global.services()
            let org = try await services.mappings.deleteOrganization(name: name, info: try await tenant.requestInfo(services))
            try await RecomputeProgress.finish(services)
            Output.line("Deleted organization '\(org.name)'. Mappings that name it stay; creating it again re-applies them.")
        }
    }
}

struct MappingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mappings", abstract: "Map groups to roles and organizations.",
        subcommands: [List.self, AddRole.self, AddOrg.self, Remove.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List mappings and whether their targets exist.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption

        func run() async throws {
            let services = try global.services()
            let t = try await tenant.requestInfo(services).tenant
            let mappings = try await services.mappings.mappings(tenant: t)
            let roles = Set(try await services.mappings.roles(tenant: t).map { caseFold($0.name) })
            let orgs = Set(try await services.mappings.organizations(tenant: t).map { caseFold($0.name) })
            func exists(_ m: MappingRecord) -> Bool { (m.kind == .role ? roles : orgs).contains(caseFold(m.targetName)) }
            if global.json {
                for m in mappings {
                    Output.json([
                        "id": .integer(Int(m.id)), "kind": .string(m.kind.rawValue), "group": .string(m.groupRef),
                        "target": .string(m.targetName), "priority": .integer(m.priority), "targetExists": .bool(exists(m)),
                    ])
                }
            } else {
                Output.table(
                    ["ID", "KIND", "GROUP", "TARGET", "PRIORITY", "TARGET EXISTS"],
                    mappings.map {
                        [String($0.id), $0.kind.rawValue, $0.groupRef, $0.targetName, $0.kind == .organization ? String($0.priority) : "-",
                         exists($0) ? "yes" : Output.status("failure") + " (missing)"]
                    })
            }
        }
    }

    struct AddRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-role", abstract: "Members of a group get a role.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Option(help: "The group's displayName or externalId.") var group: String
        @Option(help: "The role's name.") var role: String

        func run() async throws {
            let services = try global.services()
            let info = try await tenant.requestInfo(services)
            let m = try await services.mappings.addMapping(kind: .role, group: group, target: role, info: info)
            try await RecomputeProgress.finish(services)
            Output.line("Added mapping \(m.id): group '\(m.groupRef)' → role '\(m.targetName)'.")
            if try await !services.mappings.roles(tenant: info.tenant).contains(where: { caseFold($0.name) == caseFold(role) }) {
                Output.line("Warning: role '\(role)' does not exist yet; create it with `scimctl roles create '\(role)'`.")
            }
        }
    }

    struct AddOrg: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-org", abstract: "Members of a group belong to an organization; the lowest priority number wins.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Option(help: "The group's displayName or externalId.") var group: String
        @Option(help: "The organization's name.") var org: String
        @Option(help: "Priority when a user is in several mapped groups: lower wins.") var priority = 100

        func run() async throws {
            let services = try global.services()
            let info = try await tenant.requestInfo(services)
            let m = try await services.mappings.addMapping(kind: .organization, group: group, target: org, priority: priority, info: info)
            try await RecomputeProgress.finish(services)
            Output.line("Added mapping \(m.id): group '\(m.groupRef)' → organization '\(m.targetName)' (priority \(m.priority)).")
            if try await !services.mappings.organizations(tenant: info.tenant).contains(where: { caseFold($0.name) == caseFold(org) }) {
                Output.line("Warning: organization '\(org)' does not exist yet; create it with `scimctl orgs create '\(org)'`.")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a mapping by id.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Argument(help: "Mapping id from `scimctl mappings list`.") var id: Int64

        func run() async throws {
            let services = try global.services()
            let m = try await services.mappings.removeMapping(id: id, info: try await tenant.requestInfo(services))
            try await RecomputeProgress.finish(services)
            Output.line("Removed mapping \(m.id): group '\(m.groupRef)' → \(m.kind.rawValue) '\(m.targetName)'.")
        }
    }
}
