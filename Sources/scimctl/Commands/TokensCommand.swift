import ArgumentParser
import Provisioning
import SCIM
import Store

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Issue, list and revoke bearer tokens.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token; the secret is printed alone on the last line, once.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant the token belongs to.") var tenant = TenantService.defaultTenantName
        @Option(help: "A label, e.g. entra-prod.") var name: String
        @Option(help: "scim (for the identity provider) or admin (for /admin/v1).") var kind: String = "scim"
        @Option(help: "Expire after this many days (default: never).") var expiresInDays: Int?

        func validate() throws {
            if TokenKind(rawValue: kind) == nil { throw ValidationError("--kind must be 'scim' or 'admin'.") }
        }

        func run() async throws {
            let services = try global.services(create: true)
            _ = try await services.tenants.ensureDefaultTenant()
            let issued = try await services.tenants.createToken(
                tenantName: tenant, name: name, kind: TokenKind(rawValue: kind) ?? .scim, expiresInDays: expiresInDays)
            if global.json {
                // One JSON object and nothing else, so `scimctl tokens create --json | jq -r .token` works.
                Output.json(["id": .string(issued.record.id), "tenant": .string(issued.record.tenantName), "token": .string(issued.secret)])
            } else {
                Output.line("Token \(issued.record.id) for tenant '\(issued.record.tenantName)' (\(kind)). Store the secret now; it is not shown again:")
                Output.line(issued.secret)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this tenant's tokens.") var tenant: String?

        func run() async throws {
            let tokens = try await global.services().tenants.tokens(tenantName: tenant)
            if global.json {
                for t in tokens {
                    Output.json([
                        "id": .string(t.id), "tenant": .string(t.tenantName), "kind": .string(t.kind.rawValue), "name": .string(t.name),
                        "prefix": .string(t.prefix), "created": .string(Output.date(t.createdMs)),
                        "expires": t.expiresMs.map { .string(Output.date($0)) } ?? .null,
                        "revoked": t.revokedMs.map { .string(Output.date($0)) } ?? .null,
                        "lastUsed": t.lastUsedMs.map { .string(Output.date($0)) } ?? .null,
                    ])
                }
            } else {
                Output.table(
                    ["ID", "TENANT", "KIND", "NAME", "PREFIX", "CREATED", "EXPIRES", "LAST USED", "STATE"],
                    tokens.map {
                        [
                            String($0.id.prefix(8)), $0.tenantName, $0.kind.rawValue, $0.name, $0.prefix + "…", Output.date($0.createdMs),
                            Output.date($0.expiresMs), Output.date($0.lastUsedMs), $0.revokedMs == nil ? "active" : "revoked",
                        ]
                    })
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id (a unique prefix is enough).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Token id from `scimctl tokens list`.") var id: String

        func run() async throws {
            let token = try await global.services().tenants.revokeToken(id: id)
            Output.line("Revoked token \(token.id) ('\(token.name)', tenant '\(token.tenantName)'). Clients using it now get 401.")
        }
    }
}
