import Foundation
import Store

/// Who an `/admin/v1` request acts as: the token it presented, the tenant it acts in and the
/// client name the sync log records.
public struct AdminCaller: Sendable {
    public let token: TokenRecord
    public let tenant: TenantRecord
    /// `admin:<token name>`, or `admin:operator:<token name>` so a tenant's administrators can
    /// tell the operator's changes from their own.
    public let client: String
}

extension ProvisioningServices {
    /// The caller a bearer secret stands for, in the tenant `tenantName` names (the
    /// `Scimd-Tenant` header) or else the token's own; nil when the secret is no valid admin or
    /// operator token. An admin token acts in its own tenant only; an operator token in any.
    public func adminCaller(secret: String, tenantName: String?) async throws(AdminError) -> AdminCaller? {
        let token: TokenRecord?
        do {
            token = try await authenticator.authenticate(secret: secret, kinds: [.admin, .operator])
        } catch {
            throw AdminError.from(error)
        }
        guard let token else { return nil }
        let own = TenantRecord(id: token.tenantID, name: token.tenantName, createdMs: 0)
        let requested = tenantName?.trimmingCharacters(in: .whitespaces)
        guard let requested, !requested.isEmpty, requested.lowercased() != token.tenantName.lowercased() else {
            return AdminCaller(token: token, tenant: own, client: Self.adminClient(token))
        }
        guard token.kind == .operator else {
            throw AdminError(
                .forbidden,
                "This admin token belongs to tenant '\(token.tenantName)' and cannot act in '\(requested)'; only an operator token can (scimctl tokens create --kind operator).")
        }
        let tenant: TenantRecord
        do {
            tenant = try await tenants.tenant(named: requested)
        } catch {
            throw AdminError.from(error)
        }
        return AdminCaller(token: token, tenant: tenant, client: Self.adminClient(token))
    }

    private static func adminClient(_ token: TokenRecord) -> String {
        token.kind == .operator ? "admin:operator:\(token.name)" : "admin:\(token.name)"
    }
}
