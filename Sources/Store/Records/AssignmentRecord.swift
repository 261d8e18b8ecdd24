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
