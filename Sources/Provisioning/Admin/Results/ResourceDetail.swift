import SCIM

/// One User or Group as SCIM represents it, and for a user the assignment scimd computed.
public struct ResourceDetail: Encodable, Sendable {
    public var resource: SCIMValue
    public var assignment: UserAssignmentSummary?
}
