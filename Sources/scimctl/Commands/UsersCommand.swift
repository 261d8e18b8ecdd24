import ArgumentParser
import Provisioning
import SCIM

/// `users`: list and show every user, and manage the users that live in scimd itself
/// (source `local`, requirements §9). A user the identity provider manages (source `scim`)
/// is changed there: these commands refuse it with exit 1 and where to change it.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "List and show users; create and manage local users.",
        discussion: """
            Users from the identity provider (source scim) are managed there; create, update, \
            deactivate, activate and delete work on local users (source local) only.
            """,
        subcommands: [
            ResourceCommand<UserKind>.List.self, ResourceCommand<UserKind>.Show.self, Create.self, Update.self, Deactivate.self,
            Activate.self, Delete.self,
        ])

    /// The user argument every change takes.
    static let userHelp = ArgumentHelp("The user's id, userName or externalId.", valueName: "user")

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a local user (source local), managed in scimd rather than the identity provider.")
        @OptionGroup var scope: TenantScope
        @Argument(help: ArgumentHelp("The new user's userName, unique in the tenant.", valueName: "userName")) var userName: String
        @Option(help: "name.givenName.") var givenName: String?
        @Option(help: "name.familyName.") var familyName: String?
        @Option(help: "A primary work email address.") var email: String?
        @Option(help: "displayName.") var displayName: String?
        @Option(help: "externalId.") var externalId: String?

        func run() async throws {
            let operation = CreateLocalUser(
                userName: userName, givenName: givenName, familyName: familyName, email: email, displayName: displayName,
                externalID: externalId)
            UsersCommand.report(try await scope.change(operation), "Created local user", json: scope.json)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change attributes of a local user; each option given is replaced.",
            discussion: "--email replaces the user's emails with that one primary work address.")
        @OptionGroup var scope: TenantScope
        @Argument(help: UsersCommand.userHelp) var user: String
        @Option(help: "name.givenName.") var givenName: String?
        @Option(help: "name.familyName.") var familyName: String?
        @Option(help: "A primary work email address.") var email: String?
        @Option(help: "displayName.") var displayName: String?

        func validate() throws {
            guard givenName != nil || familyName != nil || email != nil || displayName != nil else {
                throw ValidationError("Nothing to change: give --given-name, --family-name, --email or --display-name.")
            }
        }

        func run() async throws {
            let operation = UpdateLocalUser(
                user: user, givenName: givenName, familyName: familyName, email: email, displayName: displayName)
            UsersCommand.report(try await scope.change(operation), "Updated local user", json: scope.json)
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate a local user: its roles and organization are suspended until it is activated.")
        @OptionGroup var scope: TenantScope
        @Argument(help: UsersCommand.userHelp) var user: String

        func run() async throws {
            let resource = try await scope.change(SetLocalUserActive(user: user, active: false))
            UsersCommand.report(resource, "Deactivated local user", json: scope.json)
        }
    }

    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Activate a local user: its roles and organization are restored.")
        @OptionGroup var scope: TenantScope
        @Argument(help: UsersCommand.userHelp) var user: String

        func run() async throws {
            UsersCommand.report(try await scope.change(SetLocalUserActive(user: user, active: true)), "Activated local user", json: scope.json)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a local user and its memberships.")
        @OptionGroup var scope: TenantScope
        @Argument(help: UsersCommand.userHelp) var user: String

        func run() async throws {
            let done = try await scope.change(DeleteLocalUser(user: user))
            if scope.json { return try Output.json(done) }
            Output.line("Deleted local user '\(user)'")
        }
    }

    /// One line naming the user, or with `--json` the SCIM User as the admin API returns it.
    static func report(_ resource: SCIMValue, _ verb: String, json: Bool) {
        if json {
            // AdminJSON encodes any SCIMValue; a failure here would be a bug in the writer.
            try? Output.json(resource)
            return
        }
        let name = resource["userName"]?.stringValue ?? "?"
        let id = resource["id"]?.stringValue ?? "?"
        let active = resource["active"]?.boolValue ?? true
        Output.line("\(verb) '\(name)' (id \(id), \(active ? "active" : "inactive"))")
    }
}
