import SCIM
import Store

/// How an administrator names a User or Group: by id, by name (userName or displayName,
/// case-insensitively) or by externalId, tried in that order. scimctl, the admin API and the
/// console all find resources this way, so "alice@example.com" means the same user everywhere.
enum ResourceLookup {
    static func find(
        _ kind: ResourceKind, key: String, tenantID: Int64, schema: ResourceSchema, tx: any StoreTransaction
    ) async throws -> ResourceRecord? {
        try await match(kind, key: key, tenantID: tenantID, schema: schema, tx: tx)?.record
    }

    /// The resource `key` names and which of the three it matched: `id`, the name attribute
    /// (`userName` / `displayName`) or `externalId` (the diagnostic says how it found a user).
    static func match(
        _ kind: ResourceKind, key: String, tenantID: Int64, schema: ResourceSchema, tx: any StoreTransaction
    ) async throws -> (record: ResourceRecord, matchedBy: String)? {
        if let byID = try await tx.resource(tenantID: tenantID, type: kind.rawValue, id: key) { return (byID, "id") }
        if let byName = try await tx.resource(tenantID: tenantID, type: kind.rawValue, nameKey: caseFold(key)) {
            return (byName, kind.nameAttribute)
        }
        let filter = Filter.compare(AttributePath(name: "externalId"), .eq, .string(key))
        return try await tx.query(
            tenantID: tenantID, type: kind.rawValue, ResourceQuery(filter: filter, count: 1), schema: schema
        ).records.first.map { ($0, "externalId") }
    }

    /// The error for a key that names nothing, with the command that lists what there is.
    static func notFound(_ kind: ResourceKind, key: String, tenant: TenantRecord) -> AdminError {
        AdminError(
            .notFound,
            "No \(kind.rawValue.lowercased()) '\(key)' in tenant '\(tenant.name)'; try `scimctl \(kind.endpoint.lowercased()) list`.")
    }
}
