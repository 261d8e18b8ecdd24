import ArgumentParser
import Provisioning
import Store

struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants", abstract: "Create, list and limit tenants.", subcommands: [Create.self, List.self, Set.self])

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
            Output.table(
                ["NAME", "CREATED", "RATE LIMIT", "BURST", "PER CLIENT"],
                tenants.map {
                    [
                        $0.name, Output.date($0.created), $0.rateLimit.map { "\($0)/s" } ?? "default", $0.burst.map(String.init) ?? "default",
                        $0.clientRateLimit.map { "\($0)/s" } ?? "default",
                    ]
                })
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a tenant's /scim/v2 request limits; 429 with Retry-After above them.",
            discussion: """
                Each limit is requests per second (a token bucket); 'default' returns to the server's default
                (\(RequestRateLimiter.defaultPerSecond)/s, burst \(RequestRateLimiter.defaultBurst), per client the tenant's rate).
                Example: scimctl tenants set acme --rate-limit 50 --burst 100 --client-rate-limit 25
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Tenant name.") var name: String
        @Option(help: "Requests per second for the whole tenant, or 'default'.") var rateLimit: String?
        @Option(help: "Requests allowed at once before the rate applies, or 'default'.") var burst: String?
        @Option(help: "Requests per second for any one token or OAuth client, or 'default'.") var clientRateLimit: String?

        func validate() throws {
            if rateLimit == nil && burst == nil && clientRateLimit == nil {
                throw ValidationError("Give at least one of --rate-limit, --burst, --client-rate-limit.")
            }
            for (flag, value) in [("--rate-limit", rateLimit), ("--burst", burst), ("--client-rate-limit", clientRateLimit)] {
                if let value, value != "default", Int(value) == nil { throw ValidationError("\(flag) must be a whole number or 'default'.") }
            }
        }

        func run() async throws {
            let current = try await global.perform(ListTenants(), tenant: nil).first { $0.name.lowercased() == name.lowercased() }
            var limits = TenantRateLimits(perSecond: current?.rateLimit, burst: current?.burst, clientPerSecond: current?.clientRateLimit)
            func apply(_ value: String?, _ field: WritableKeyPath<TenantRateLimits, Int?>) {
                guard let value else { return }
                limits[keyPath: field] = value == "default" ? nil : Int(value)
            }
            apply(rateLimit, \.perSecond)
            apply(burst, \.burst)
            apply(clientRateLimit, \.clientPerSecond)
            let tenant = try await global.perform(SetTenantLimits(tenant: name, limits: limits), tenant: nil)
            if global.json { return try Output.json(tenant) }
            Output.line("Tenant '\(tenant.name)': \(TenantService.describe(TenantRateLimits(perSecond: tenant.rateLimit, burst: tenant.burst, clientPerSecond: tenant.clientRateLimit))).")
        }
    }
}
