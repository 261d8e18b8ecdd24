/// A tenant's role and organization catalogues and the group mappings onto them.
///
/// Contract: role names and organization names are each unique per tenant case-insensitively
/// (`StoreError.duplicate(field: "name")`); a mapping is unique per tenant, kind, folded group
/// reference and folded target (`StoreError.duplicate(field: "mapping")`). Catalogues list in
/// name order, mappings in creation order. Deleting a missing role or organization throws
/// `StoreError.notFound`; deleting an organization moves its children up to its parent.
/// `deleteMapping` of a missing mapping, or one of another tenant, returns nil.
public protocol MappingStore {
    func roles(tenantID: Int64) async throws -> [RoleRecord]
    func insertRole(tenantID: Int64, name: String, description: String?, nowMs: Int64) async throws -> RoleRecord
    func deleteRole(id: Int64) async throws
    func organizations(tenantID: Int64) async throws -> [OrganizationRecord]
    func insertOrganization(tenantID: Int64, name: String, parentID: Int64?, nowMs: Int64) async throws -> OrganizationRecord
    /// Deletes an organization; its children move up to its parent.
    func deleteOrganization(id: Int64) async throws
    func mappings(tenantID: Int64) async throws -> [MappingRecord]
    func insertMapping(
        tenantID: Int64, kind: MappingKind, groupRef: String, targetName: String, priority: Int, nowMs: Int64
    ) async throws -> MappingRecord
    /// Deletes the tenant's mapping and returns it as it was; nil when the tenant has no such mapping.
    func deleteMapping(id: Int64, tenantID: Int64) async throws -> MappingRecord?
}
