import ArgumentParser
import Foundation
import Provisioning

/// `--tenant NAME` for commands that act inside one tenant.
struct TenantOption: ParsableArguments {
    @Option(help: "Tenant to act in.") var tenant = TenantService.defaultTenantName

    /// Request context for service calls made by the administrator from the command line.
    func requestInfo(_ services: ProvisioningServices) async throws -> RequestInfo {
        let record = try await services.tenants.tenant(named: tenant)
        let base = ProcessInfo.processInfo.environment["SCIMD_PUBLIC_URL"] ?? "http://127.0.0.1:8080/scim/v2"
        return RequestInfo(
            tenant: record, correlationID: UUID().uuidString.lowercased(), client: "scimctl", sourceAddress: nil, baseURL: base)
    }
}
