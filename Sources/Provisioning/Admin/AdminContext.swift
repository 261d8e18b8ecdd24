import Foundation
import Store

/// Who performs an administrative operation, and in which tenant.
///
/// scimctl acts for the operator (any tenant, named with `--tenant`); the admin API and the
/// console act for one tenant, the one their token or session belongs to.
public struct AdminContext: Sendable {
    public let services: ProvisioningServices
    /// The tenant the caller acts in; nil for operator-wide operations (tenants, all tokens).
    public let tenant: TenantRecord?
    /// The name the sync log records for changes: "scimctl" or "admin:<token name>".
    public let client: String
    public let correlationID: String
    public let sourceAddress: String?
    /// The SCIM root clients reach, for `meta.location` in resources an operation returns.
    public let baseURL: String

    public init(
        services: ProvisioningServices, tenant: TenantRecord?, client: String, correlationID: String = UUID().uuidString.lowercased(),
        sourceAddress: String? = nil, baseURL: String
    ) {
        self.services = services
        self.tenant = tenant
        self.client = client
        self.correlationID = correlationID
        self.sourceAddress = sourceAddress
        self.baseURL = baseURL
    }

    /// The tenant a tenant-scoped operation works in.
    public func requireTenant() throws(AdminError) -> TenantRecord {
        guard let tenant else { throw AdminError(.invalid, "This operation acts inside one tenant; name it with --tenant NAME.") }
        return tenant
    }

    /// The request context the services log changes with.
    public func requestInfo() throws(AdminError) -> RequestInfo {
        RequestInfo(
            tenant: try requireTenant(), correlationID: correlationID, client: client, sourceAddress: sourceAddress, baseURL: baseURL)
    }
}
