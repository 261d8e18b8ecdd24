import SCIM
import Store

/// A group mapping and whether what it grants exists now.
public struct MappingSummary: Encodable, Sendable, Equatable {
    public var id: Int64
    public var kind: MappingKind
    /// The group's displayName or externalId, as written when the mapping was added.
    public var group: String
    public var target: String
    /// Organization mappings: the lowest number wins when a user is in several mapped groups.
    public var priority: Int
    /// False while the role or organization is missing: its users then carry an open error.
    public var targetExists: Bool
    public var created: String

    init(_ record: MappingRecord, catalogue: Catalogue) {
        id = record.id
        kind = record.kind
        group = record.groupRef
        target = record.targetName
        priority = record.priority
        targetExists = catalogue.contains(record.kind, named: record.targetName)
        created = AdminTime.text(record.createdMs)
    }

    /// The tenant's role and organization names, to say whether mapping targets exist.
    struct Catalogue {
        var roles: Set<String>
        var organizations: Set<String>

        /// The tenant's catalogue as it is now.
        static func current(_ mappings: MappingService, tenant: TenantRecord) async throws -> Catalogue {
            Catalogue(roles: try await mappings.roles(tenant: tenant), organizations: try await mappings.organizations(tenant: tenant))
        }

        init(roles: [RoleRecord], organizations: [OrganizationRecord]) {
            self.roles = Set(roles.map { caseFold($0.name) })
            self.organizations = Set(organizations.map { caseFold($0.name) })
        }

        func contains(_ kind: MappingKind, named name: String) -> Bool {
            (kind == .role ? roles : organizations).contains(caseFold(name))
        }
    }
}
