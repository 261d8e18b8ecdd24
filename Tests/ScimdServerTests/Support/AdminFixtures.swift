import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store

// Shared by the mapping and sync-log tests: service-layer administration next to the HTTP
// server (what scimctl does), the admin API, and reading the sync log back.

extension SCIMTestClient {
    static let scimdSchema = "urn:scimd:params:scim:schemas:extension:2.0:User"

    /// A request context for local administration in the default tenant, as scimctl builds it.
    func adminInfo() async throws -> RequestInfo {
        let tenant = try await services.tenants.tenant(named: TenantService.defaultTenantName)
        return RequestInfo(tenant: tenant, correlationID: UUID().uuidString, client: "scimctl", baseURL: "http://127.0.0.1/scim/v2")
    }

    /// Issues an admin token for `/admin/v1` in the default tenant.
    func adminToken() async throws -> String {
        try await services.tokenAdministration.createToken(name: "operator", kind: .admin).secret
    }

    /// `GET /admin/v1/…` with `token`.
    func admin(_ method: HTTPRequest.Method = .get, _ path: String, json: SCIMValue? = nil, token: String) async throws
        -> SCIMTestResponse
    {
        try await request(method, "/admin/v1/\(path)", json: json, token: token, contentType: "application/json")
    }

    /// The scimd extension of a user, read with `attributes=<extension URN>`.
    func effective(_ userID: String) async throws -> SCIMValue? {
        let response = try await request(.get, Self.query("Users/\(userID)", ["attributes": Self.scimdSchema]))
        return response[Self.scimdSchema]
    }

    /// Sorted effective roles shown on the SCIM User.
    func effectiveRoles(_ userID: String) async throws -> [String] {
        (try await effective(userID)?["roles"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
    }

    /// Sync-log entries of the default tenant, oldest first.
    func logEntries(status: SyncStatus? = nil, operation: String? = nil) async throws -> [SyncLogEntry] {
        let tenant = try await services.tenants.tenant(named: TenantService.defaultTenantName)
        let query = SyncLogQuery(tenantID: tenant.id, statuses: status.map { [$0] } ?? [], operation: operation, limit: 100_000)
        // Leave out the fixture's own set-up (the tenant's scope rules, see `TestServer.run`).
        return try await services.syncLog.entries(query).reversed().filter { $0.client != "test-setup" }
    }
}

extension SCIMValue {
    /// An integer value, or nil.
    var asInt: Int? {
        if case .integer(let n) = self { return n }
        return nil
    }
}
