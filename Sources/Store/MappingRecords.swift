/// A role in a tenant's catalogue.
public struct RoleRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var description: String?
    public var createdMs: Int64
}

/// An organization in a tenant's catalogue; organizations nest through `parentID`.
public struct OrganizationRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var parentID: Int64?
    public var createdMs: Int64
}

/// What a mapping grants.
public enum MappingKind: String, Sendable, Hashable, CaseIterable, Codable {
    case role
    case organization
}

/// "Members of group G get role R" or "… belong to organization O" (requirements §4). Both sides are
/// names, so a deleted and re-created role or organization satisfies the mapping again.
public struct MappingRecord: Sendable, Hashable {
    public var id: Int64
    public var kind: MappingKind
    /// The group's displayName or externalId, as the administrator wrote it.
    public var groupRef: String
    public var targetName: String
    /// Organization mappings only: the lowest number wins when a user is in several mapped groups.
    public var priority: Int
    public var createdMs: Int64
}

/// A role a user holds, with the mapping and group it came from.
public struct AssignedRole: Sendable, Hashable {
    public var role: String
    public var mappingID: Int64
    public var group: String
    public init(role: String, mappingID: Int64, group: String) {
        self.role = role
        self.mappingID = mappingID
        self.group = group
    }
}

/// A user's effective roles and organization as last computed.
public struct AssignmentRecord: Sendable, Hashable {
    public var userSeq: Int64
    public var roles: [AssignedRole]
    public var organization: String?
    /// True while the user is inactive: assignments are kept but grant nothing (requirements §9).
    public var suspended: Bool
    public var updatedMs: Int64
    public init(userSeq: Int64, roles: [AssignedRole], organization: String?, suspended: Bool, updatedMs: Int64) {
        self.userSeq = userSeq
        self.roles = roles
        self.organization = organization
        self.suspended = suspended
        self.updatedMs = updatedMs
    }
}

/// An open "Unable to …" error: a mapping that applies to a user but cannot be carried out.
public struct MappingErrorRecord: Sendable, Hashable {
    public var id: Int64
    public var userSeq: Int64
    public var kind: MappingKind
    public var groupKey: String
    public var groupName: String
    public var targetKey: String
    public var targetName: String
    public var mappingID: Int64?
    /// Why: the target is missing, or the mapping was deleted.
    public var reason: String
    /// The sync-log entry that reported it, so its resolution can point back to it.
    public var logSeq: Int64
    public var createdMs: Int64
    /// The user's userName, when the query that read the error joined it.
    public var userName: String?
    public init(
        id: Int64 = 0, userSeq: Int64, kind: MappingKind, groupKey: String, groupName: String, targetKey: String,
        targetName: String, mappingID: Int64?, reason: String, logSeq: Int64, createdMs: Int64
    ) {
        self.id = id
        self.userSeq = userSeq
        self.kind = kind
        self.groupKey = groupKey
        self.groupName = groupName
        self.targetKey = targetKey
        self.targetName = targetName
        self.mappingID = mappingID
        self.reason = reason
        self.logSeq = logSeq
        self.createdMs = createdMs
        self.userName = nil
    }
}

/// A group as mappings see it: its names, to match `groupRef`.
public struct GroupIdentity: Sendable, Hashable {
    public var seq: Int64
    public var displayName: String
    public var externalID: String?
}
