import ArgumentParser
import Foundation
import Provisioning
import Store

/// The options of a command that acts inside one tenant: the global ones and `--tenant NAME`.
struct TenantScope: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Option(help: "Tenant to act in.") var tenant = TenantService.defaultTenantName

    var json: Bool { global.json }

    /// Runs `operation` in the tenant and returns its result.
    func perform<Operation: AdminOperation>(_ operation: Operation) async throws -> Operation.Result {
        try await global.perform(operation, tenant: tenant)
    }

    /// Runs a change, then any recompute it left for later, so the operator sees its effect
    /// before the command exits (see `RecomputeProgress`).
    func change<Operation: AdminOperation>(_ operation: Operation) async throws -> Operation.Result {
        let context = try await global.context(tenant: tenant)
        let result = try await operation.run(context)
        try await RecomputeProgress.finish(context.services)
        return result
    }
}

extension GlobalOptions {
    /// The operator acting from the command line, inside `tenant` when one is named.
    func context(tenant name: String?, create: Bool = false) async throws -> AdminContext {
        let services = try await services(create: create)
        var tenant: TenantRecord?
        if let name { tenant = try await services.tenants.tenant(named: name) }
        let base = ProcessInfo.processInfo.environment["SCIMD_PUBLIC_URL"] ?? "http://127.0.0.1:8080/scim/v2"
        return AdminContext(services: services, tenant: tenant, client: "scimctl", baseURL: base)
    }

    /// Runs `operation` as the operator, in `tenant` when one is named, and returns its result.
    func perform<Operation: AdminOperation>(_ operation: Operation, tenant: String?, create: Bool = false) async throws
        -> Operation.Result
    {
        try await operation.run(try await context(tenant: tenant, create: create))
    }
}
