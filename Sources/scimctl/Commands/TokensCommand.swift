import ArgumentParser
import Provisioning
import Store

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Issue, list and revoke bearer tokens.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token; the secret is printed alone on the last line, once.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant the token belongs to (an operator token's home: where its console sessions start).")
        var tenant = TenantService.defaultTenantName
        @Option(help: "A label, e.g. entra-prod.") var name: String
        @Option(
            help: "scim (for the identity provider), admin (the tenant's /admin/v1 and console) or operator (both, in any tenant).")
        var kind: String = "scim"
        @Option(help: "Expire after this many days (default: never).") var expiresInDays: Int?

        func validate() throws {
            if TokenKind(rawValue: kind) == nil { throw ValidationError("--kind must be 'scim', 'admin' or 'operator'.") }
        }

        func run() async throws {
            let operation = CreateToken(tenant: tenant, name: name, kind: TokenKind(rawValue: kind) ?? .scim, expiresInDays: expiresInDays)
            let issued = try await global.perform(operation, tenant: nil, create: true)
            // One JSON object and nothing else, so `scimctl tokens create --json | jq -r .token` works.
            if global.json { return try Output.json(issued) }
            Output.line("Token \(issued.id) for tenant '\(issued.tenant)' (\(issued.kind.rawValue)). Store the secret now; it is not shown again:")
            Output.line(issued.token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this tenant's tokens.") var tenant: String?

        func run() async throws {
            let tokens = try await global.perform(ListTokens(tenant: tenant), tenant: nil)
            if global.json { return try Output.jsonLines(tokens) }
            Output.table(
                ["ID", "TENANT", "KIND", "NAME", "PREFIX", "CREATED", "EXPIRES", "LAST USED", "STATE"],
                tokens.map {
                    [
                        String($0.id.prefix(8)), $0.tenant, $0.kind.rawValue, $0.name, $0.prefix + "…", Output.date($0.created),
                        Output.date($0.expires), Output.date($0.lastUsed), $0.state.rawValue,
                    ]
                })
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id (a unique prefix is enough).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Token id from `scimctl tokens list`.") var id: String

        func run() async throws {
            let token = try await global.perform(RevokeToken(id: id), tenant: nil)
            if global.json { return try Output.json(token) }
            Output.line("Revoked token \(token.id) ('\(token.name)', tenant '\(token.tenant)'). Clients using it now get 401.")
        }
    }
}
