import Foundation
import Store

/// Who an `/admin/v1` request acts as: the tenant it acts in and the client name the sync log
/// records.
public struct AdminCaller: Sendable {
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
            token = try await authenticator.authenticate(secret: secret, kinds: TokenKind.administering)
        } catch {
            throw AdminError.from(error)
        }
        guard let token else { return nil }
        let own = TenantRecord(id: token.tenantID, name: token.tenantName, createdMs: 0)
        let requested = tenantName?.trimmingCharacters(in: .whitespaces)
        guard let requested, !requested.isEmpty, requested.lowercased() != token.tenantName.lowercased() else {
            return AdminCaller(tenant: own, client: token.clientName(through: "admin"))
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
        return AdminCaller(tenant: tenant, client: token.clientName(through: "admin"))
    }
}

extension TokenRecord {
    /// The client the sync log records for what this admin or operator token does through
    /// `surface` (`admin`, `console`): `<surface>:<token name>`, or
    /// `<surface>:operator:<token name>` so a tenant's administrators can tell the operator's
    /// changes from their own.
    func clientName(through surface: String) -> String {
        kind == .operator ? "\(surface):operator:\(name)" : "\(surface):\(name)"
    }
}
