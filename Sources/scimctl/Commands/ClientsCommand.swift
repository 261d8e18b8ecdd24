import ArgumentParser
import Provisioning
import Store

/// `scimctl clients`: OAuth 2.0 clients for the client credentials grant (RFC 6749 §4.4), their
/// secrets, and the deployment's token-signing keys. docs/oauth.md tells the whole story.
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients", abstract: "OAuth clients (client credentials) for identity providers such as Entra ID.",
        discussion: """
            An identity provider gets access tokens from POST /oauth/token with a client id and secret.
            Rotate a secret with `clients rotate`, switch the provider over, then `clients retire`.
            """,
        subcommands: [Create.self, List.self, Rotate.self, Retire.self, Revoke.self, Keys.self, RotateKey.self])

    /// Prints a secret once, as `tokens create` prints a token.
    static func show(_ issued: IssuedClientSecret, json: Bool, verb: String) throws {
        // One JSON object and nothing else, so `... --json | jq -r .client_secret` works.
        if json { return try Output.json(issued) }
        Output.line("\(verb) OAuth client '\(issued.name)' (tenant '\(issued.tenant)'). Store the secret now; it is not shown again:")
        Output.line("client_id:     \(issued.clientID)")
        Output.line("client_secret: \(issued.clientSecret)")
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a client; prints its id and first secret, once.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant the client provisions into.") var tenant = TenantService.defaultTenantName
        @Option(help: "A label, e.g. entra-prod; the sync log names it as the client.") var name: String
        @Option(help: ArgumentHelp("Access-token lifetime, 3600 to 21600 seconds (default 3600).", valueName: "seconds"))
        var tokenLifetime: Int?
        @Option(help: "The secret expires after this many days (default: valid until retired).") var secretExpiresInDays: Int?

        func run() async throws {
            let operation = CreateClient(
                tenant: tenant, name: name, tokenLifetime: tokenLifetime, secretExpiresInDays: secretExpiresInDays)
            try ClientsCommand.show(try await global.perform(operation, tenant: nil, create: true), json: global.json, verb: "Created")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List clients and their secrets (never the secrets' text).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this tenant's clients.") var tenant: String?

        func run() async throws {
            let clients = try await global.perform(ListClients(tenant: tenant), tenant: nil)
            if global.json { return try Output.jsonLines(clients) }
            Output.table(
                ["CLIENT ID", "TENANT", "NAME", "LIFETIME", "SECRETS", "LAST TOKEN", "STATE"],
                clients.map { client in
                    let active = client.secrets.filter { $0.state == .active }
                    return [
                        client.clientID, client.tenant, client.name, "\(client.tokenLifetime)s",
                        active.map { $0.prefix + "…" }.joined(separator: " ") + (active.isEmpty ? "-" : ""),
                        Output.date(client.lastToken), client.state.rawValue,
                    ]
                })
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a secret to a client; its other secrets keep working until retired.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Client id from `scimctl clients list` (a unique prefix is enough).") var id: String
        @Option(help: "The new secret expires after this many days (default: valid until retired).") var secretExpiresInDays: Int?

        func run() async throws {
            let issued = try await global.perform(RotateClientSecret(id: id, secretExpiresInDays: secretExpiresInDays), tenant: nil)
            try ClientsCommand.show(issued, json: global.json, verb: "Added a secret to")
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retire a client's older secrets (the newest always stays).",
            discussion: "Give --secret-before DATE (2026-11-23, an RFC 3339 time, or 24h/7d back from now) or --all-but-newest.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Client id (a unique prefix is enough).") var id: String
        @Option(help: "Retire the secrets created before this moment.") var secretBefore: String?
        @Flag(help: "Retire every secret but the newest.") var allButNewest = false

        func validate() throws {
            if (secretBefore == nil) == !allButNewest {
                throw ValidationError("Give exactly one of --secret-before DATE and --all-but-newest.")
            }
        }

        func run() async throws {
            let client = try await global.perform(
                RetireClientSecrets(id: id, secretBefore: secretBefore, allButNewest: allButNewest), tenant: nil)
            if global.json { return try Output.json(client) }
            let active = client.secrets.filter { $0.state == .active }
            Output.line(
                "Client \(client.clientID) ('\(client.name)') now has \(active.count) active secret\(active.count == 1 ? "" : "s"): "
                    + active.map { $0.prefix + "…" }.joined(separator: " "))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a client: no new tokens, and its tokens stop working.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Client id (a unique prefix is enough).") var id: String

        func run() async throws {
            let client = try await global.perform(RevokeClient(id: id), tenant: nil)
            if global.json { return try Output.json(client) }
            Output.line(
                "Revoked client \(client.clientID) ('\(client.name)', tenant '\(client.tenant)'). The token endpoint refuses it now;"
                    + " its access tokens get 401 within 5 seconds.")
        }
    }

    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the deployment's access-token signing keys (never their material).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let keys = try await global.perform(ListSigningKeys(), tenant: nil)
            if global.json { return try Output.jsonLines(keys) }
            Output.table(
                ["KID", "ALGORITHM", "CREATED", "RETIRED", "STATE"],
                keys.map { [$0.kid, $0.algorithm, Output.date($0.created), Output.date($0.retired), $0.state.rawValue] })
        }
    }

    struct RotateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key", abstract: "Sign new access tokens with a new key; the old keys verify until their tokens expire.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let key = try await global.perform(RotateSigningKey(), tenant: nil, create: false)
            if global.json { return try Output.json(key) }
            Output.line("New signing key \(key.kid) (\(key.algorithm)). Running scimd processes sign with it within a minute.")
        }
    }
}
