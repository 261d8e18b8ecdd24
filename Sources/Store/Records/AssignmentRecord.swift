/// A user's effective roles and organization as last computed.
public struct AssignmentRecord: Sendable, Hashable {
    public var userSeq: Int64
    public var roles: [AssignedRole]
    public var organization: String?
    /// True while the user is inactive: assignments are kept but grant nothing (requirements §9).
    public var suspended: Bool
    /// Why the user is out of sync scope (requirements §5), or nil while it is in scope. An
    /// out-of-scope user keeps the roles and organization it last had, and they are not updated.
    public var outOfScope: String?
    public var updatedMs: Int64
    public init(
        userSeq: Int64, roles: [AssignedRole], organization: String?, suspended: Bool, outOfScope: String? = nil,
        updatedMs: Int64
    ) {
        self.userSeq = userSeq
        self.roles = roles
        self.organization = organization
        self.suspended = suspended
        self.outOfScope = outOfScope
        self.updatedMs = updatedMs
    }
}
