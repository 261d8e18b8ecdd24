import ArgumentParser
import Provisioning
import SCIM

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "List and show users.", subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users, optionally with a SCIM filter.")
        @OptionGroup var listing: ResourceListingOptions

        func run() async throws { try await listing.run(.user) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one user by id, userName or externalId.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Argument(help: "The user's id, userName or externalId.") var user: String

        func run() async throws {
            try ResourceDetailView.render(
                try await global.perform(ShowResource(kind: .user, key: user), tenant: tenant.tenant), json: global.json)
        }
    }
}

struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups", abstract: "List and show groups.", subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups, optionally with a SCIM filter.")
        @OptionGroup var listing: ResourceListingOptions

        func run() async throws { try await listing.run(.group) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one group by id, displayName or externalId.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenant: TenantOption
        @Argument(help: "The group's id, displayName or externalId.") var group: String

        func run() async throws {
            try ResourceDetailView.render(
                try await global.perform(ShowResource(kind: .group, key: group), tenant: tenant.tenant), json: global.json)
        }
    }
}

/// `users list` and `groups list`: the same options and table for both kinds.
struct ResourceListingOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var tenant: TenantOption
    @Option(help: "SCIM filter, e.g. 'userName sw \"a\"' or 'displayName co \"sales\"'.") var filter: String?
    @Option(help: "Most resources to show.") var limit = 100

    func run(_ kind: ResourceKind) async throws {
        let listing = try await global.perform(ListResources(kind: kind, filter: filter, limit: limit), tenant: tenant.tenant)
        if global.json { return try Output.jsonLines(listing.resources) }
        let rows = listing.resources.map { resource -> [String] in
            let active = kind == .user ? (resource["active"]?.boolValue.map { $0 ? "active" : "inactive" } ?? "-") : ""
            return [
                resource["id"]?.stringValue ?? "", resource[kind.nameAttribute]?.stringValue ?? "", resource["externalId"]?.stringValue ?? "-",
                active, Output.date(resource["meta"]?["lastModified"]?.stringValue),
            ]
        }
        Output.table(["ID", kind.nameAttribute.uppercased(), "EXTERNAL ID", kind == .user ? "STATE" : "", "LAST MODIFIED"], rows)
        Output.line("\(listing.resources.count) of \(listing.totalResults) \(kind.endpoint.lowercased())")
    }
}

/// How `users show` and `groups show` print a resource: the SCIM representation, then what
/// scimd computed for a user in words.
enum ResourceDetailView {
    static func render(_ detail: ResourceDetail, json: Bool) throws {
        // --json prints the SCIM representation itself: it already holds the computed extension.
        if json { return try Output.json(detail.resource) }
        Output.pretty(detail.resource)
        guard let assignment = detail.assignment else { return }
        Output.line("")
        let roles = assignment.roles.map { "\($0.role) (via '\($0.group)')" }.joined(separator: ", ")
        Output.line("Effective roles: " + (roles.isEmpty ? "none" : roles) + (assignment.suspended ? "  [suspended: user inactive]" : ""))
        Output.line("Organization:    " + (assignment.organization ?? "none"))
        for error in assignment.errors {
            Output.line(
                Output.status("failure")
                    + ": \(error.kind == .role ? "role" : "organization") '\(error.target)' from group '\(error.group)' (\(error.reason)); "
                    + "see `scimctl log --user \(assignment.userName) --status failure`")
        }
    }
}
