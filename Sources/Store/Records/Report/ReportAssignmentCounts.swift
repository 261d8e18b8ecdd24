/// What the `mapping` entries of a period changed: roles assigned and removed, organization moves.
public struct ReportAssignmentCounts: Sendable, Hashable {
    public var rolesAssigned: Int
    public var rolesRemoved: Int
    public var organizationMoves: Int
    /// Distinct users with at least one of these changes.
    public var users: Int

    public init(rolesAssigned: Int, rolesRemoved: Int, organizationMoves: Int, users: Int) {
        self.rolesAssigned = rolesAssigned
        self.rolesRemoved = rolesRemoved
        self.organizationMoves = organizationMoves
        self.users = users
    }
}
