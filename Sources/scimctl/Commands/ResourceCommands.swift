import ArgumentParser
import Provisioning
import SCIM
import Store

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "List and show users.", subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users, optionally with a SCIM filter.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Option(help: "SCIM filter, e.g. 'userName sw \"a\"'.") var filter: String?
        @Option(help: "Most users to show.") var limit = 100

        func run() async throws { try await listResources(.user, global: global, tenant: tenant, filter: filter, limit: limit) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one user by id, userName or externalId.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Argument(help: "The user's id, userName or externalId.") var user: String

        func run() async throws { try await showResource(.user, key: user, global: global, tenant: tenant) }
    }
}

struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups", abstract: "List and show groups.", subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups, optionally with a SCIM filter.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Option(help: "SCIM filter, e.g. 'displayName co \"sales\"'.") var filter: String?
        @Option(help: "Most groups to show.") var limit = 100

        func run() async throws { try await listResources(.group, global: global, tenant: tenant, filter: filter, limit: limit) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one group by id, displayName or externalId.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Argument(help: "The group's id, displayName or externalId.") var group: String

        func run() async throws { try await showResource(.group, key: group, global: global, tenant: tenant) }
    }
}

private func listResources(_ kind: ResourceKind, global: GlobalOptions, tenant: TenantOption, filter: String?, limit: Int) async throws {
    let services = try global.services()
    let info = try await tenant.requestInfo(services)
    var parsed: Filter?
    if let filter {
        do {
            parsed = try Filter.parse(filter)
        } catch {
            throw ValidationError("--filter: \(error.detail)")
        }
    }
    let page = try await services.resources.query(
        kind, ResourceQuery(filter: parsed, count: limit), info: info, options: .none)
    if global.json {
        for r in page.resources { Output.json(.object(r.object)) }
        return
    }
    let rows = page.resources.map { r -> [String] in
        let o = r.object
        let name = o[kind.nameAttribute]?.stringValue ?? ""
        let active = kind == .user ? (o["active"]?.boolValue.map { $0 ? "active" : "inactive" } ?? "-") : ""
        return [o["id"]?.stringValue ?? "", name, o["externalId"]?.stringValue ?? "-", active,
                o["meta"]?["lastModified"]?.stringValue.map { String($0.prefix(19)) } ?? ""]
    }
    Output.table(["ID", kind.nameAttribute.uppercased(), "EXTERNAL ID", kind == .user ? "STATE" : "", "LAST MODIFIED"], rows)
    Output.line("\(page.resources.count) of \(page.totalResults) \(kind.endpoint.lowercased())")
}

private func showResource(_ kind: ResourceKind, key: String, global: GlobalOptions, tenant: TenantOption) async throws {
    let services = try global.services()
    let info = try await tenant.requestInfo(services)
    var found: RenderedResource?
    if let byID = try? await services.resources.get(kind, id: key, info: info) {
        found = byID
    } else {
        let literal = ComparisonValue.string(key)
        let filter = Filter.or(.compare(AttributePath(name: kind.nameAttribute), .eq, literal), .compare(AttributePath(name: "externalId"), .eq, literal))
        found = try await services.resources.query(kind, ResourceQuery(filter: filter, count: 1), info: info).resources.first
    }
    guard let resource = found else {
        throw AdminError(.notFound, "No \(kind.rawValue.lowercased()) '\(key)' in tenant '\(tenant.tenant)'; try `scimctl \(kind.endpoint.lowercased()) list`.")
    }
    if global.json {
        Output.json(.object(resource.object))
        return
    }
    Output.pretty(.object(resource.object))
    guard kind == .user, let id = resource.object["id"]?.stringValue else { return }
    let assignment = try await services.mappings.assignment(of: id, tenant: info.tenant)
    Output.line("")
    Output.line("Effective roles: " + (assignment.roles.isEmpty ? "none" : assignment.roles.map { "\($0.role) (via '\($0.group)')" }.joined(separator: ", "))
        + (assignment.suspended ? "  [suspended: user inactive]" : ""))
    Output.line("Organization:    " + (assignment.organization ?? "none"))
    for error in assignment.errors {
        Output.line(Output.status("failure") + ": \(error.kind == .role ? "role" : "organization") '\(error.targetName)' from group '\(error.groupName)' (\(error.reason)); see `scimctl log --user \(assignment.userName) --status failure`")
    }
}
