/// Tenants: the unit of isolation every other row belongs to.
///
/// Contract: a tenant name is unique case-insensitively (ASCII letters: "Acme" and "acme" are
/// the same tenant), and `tenant(named:)` finds it in any letter case. Creating a name that
/// exists throws `StoreError.duplicate(field: "name")`. Lookups return nil when absent.
public protocol TenantStore {
    /// Creates a tenant; its id is assigned by the store.
    func createTenant(name: String, nowMs: Int64) async throws -> TenantRecord
    /// The tenant with this name in any letter case, or nil.
    func tenant(named name: String) async throws -> TenantRecord?
    func tenant(id: Int64) async throws -> TenantRecord?
    /// Every tenant, ordered by name case-insensitively.
    func tenants() async throws -> [TenantRecord]
    /// Replaces the tenant's rate limits (nil fields: the server's default).
    func setRateLimits(_ limits: TenantRateLimits, tenantID: Int64) async throws
}
