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
