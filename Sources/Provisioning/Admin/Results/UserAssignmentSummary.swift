import Store

/// A user's effective roles and organization, with the open errors that touch them.
public struct UserAssignmentSummary: Encodable, Sendable {
    /// A role the user holds and the mapping and group it comes through.
    public struct Grant: Encodable, Sendable, Equatable {
        public var role: String
        public var group: String
        public var mapping: Int64
    }

    public var id: String
    public var userName: String
    /// "scim" when the identity provider manages the user, "local" when scimd does (requirements §9).
    public var source: String
    public var active: Bool
    /// True while the user is inactive: the assignment is kept but grants nothing.
    public var suspended: Bool
    public var roles: [Grant]
    public var organization: String?
    public var errors: [MappingErrorSummary]

    init(_ assignment: MappingService.UserAssignment) {
        id = assignment.userID
        userName = assignment.userName
        source = assignment.source.rawValue
        active = assignment.active
        suspended = assignment.suspended
        roles = assignment.roles.map { Grant(role: $0.role, group: $0.group, mapping: $0.mappingID) }
        organization = assignment.organization
        errors = assignment.errors.map(MappingErrorSummary.init)
    }
}
