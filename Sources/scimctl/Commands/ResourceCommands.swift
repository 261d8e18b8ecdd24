import ArgumentParser
import Provisioning
import SCIM

/// `groups`, and the list and show of `users` (`UsersCommand`): the same two subcommands over
/// either resource type.
struct ResourceCommand<Kind: ResourceKindName>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Kind.kind.endpoint.lowercased(), abstract: "List and show \(Kind.plural).",
            subcommands: [List.self, Show.self])
    }

    struct List: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "List \(Kind.plural), optionally with a SCIM filter.")
        }
        @OptionGroup var scope: TenantScope
        @Option(help: "SCIM filter, e.g. 'userName sw \"a\"' or 'displayName co \"sales\"'.") var filter: String?
        @Option(help: "Most resources to show.") var limit = 100

        func run() async throws {
            let kind = Kind.kind
            let listing = try await scope.perform(ListResources(kind: kind, filter: filter, limit: limit))
            if scope.json { return try Output.jsonLines(listing.resources) }
            let rows = listing.resources.map { resource -> [String] in
                var row = [resource["id"]?.stringValue ?? "", resource[kind.nameAttribute]?.stringValue ?? "", resource["externalId"]?.stringValue ?? "-"]
                if kind == .user {
                    row.append(resource["active"]?.boolValue.map { $0 ? "active" : "inactive" } ?? "-")
                    // Who manages it (requirements §9): scim (the identity provider) or local.
                    row.append(resource[ResourceCommand.scimdSchema]?["source"]?.stringValue ?? "-")
                }
                return row + [Output.date(resource["meta"]?["lastModified"]?.stringValue)]
            }
            let headers = ["ID", kind.nameAttribute.uppercased(), "EXTERNAL ID"] + (kind == .user ? ["STATE", "SOURCE"] : [])
            Output.table(headers + ["LAST MODIFIED"], rows)
            Output.line("\(listing.resources.count) of \(listing.totalResults) \(Kind.plural)")
        }
    }

    struct Show: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "Show one \(Kind.singular) by id, \(Kind.kind.nameAttribute) or externalId.")
        }
        @OptionGroup var scope: TenantScope
        @Argument(help: ArgumentHelp("The \(Kind.singular)'s id, \(Kind.kind.nameAttribute) or externalId.", valueName: Kind.singular))
        var key: String

        func run() async throws {
            try render(try await scope.perform(ShowResource(kind: Kind.kind, key: key)))
        }

        private func render(_ detail: ResourceDetail) throws {
            // --json prints the SCIM representation itself: it already holds the computed extension.
            if scope.json { return try Output.json(detail.resource) }
            Output.pretty(detail.resource)
            guard let assignment = detail.assignment else { return }
            Output.line("")
            if let source = detail.resource[ResourceCommand.scimdSchema]?["source"]?.stringValue {
                Output.line("Source:          " + source + (source == "scim" ? " (managed by the identity provider)" : " (managed in scimd)"))
            }
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
}

/// Names the resource type a `ResourceCommand` works on.
protocol ResourceKindName: Sendable {
    static var kind: ResourceKind { get }
}

extension ResourceKindName {
    static var singular: String { kind.rawValue.lowercased() }
    static var plural: String { kind.endpoint.lowercased() }
}

enum UserKind: ResourceKindName { static var kind: ResourceKind { .user } }
enum GroupKind: ResourceKindName { static var kind: ResourceKind { .group } }

typealias GroupsCommand = ResourceCommand<GroupKind>

extension ResourceCommand {
    /// The scimd User extension, which carries a user's source (`schemas/ScimdUser.json`).
    static var scimdSchema: String { "urn:scimd:params:scim:schemas:extension:2.0:User" }
}
