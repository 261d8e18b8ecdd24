import SCIM
import Store

/// The two SCIM resource types scimd serves.
public enum ResourceKind: String, Sendable, CaseIterable {
    case user = "User"
    case group = "Group"

    /// The endpoint segment, e.g. "Users".
    public var endpoint: String { rawValue + "s" }

    /// The attribute that names a resource in logs and uniqueness errors.
    public var nameAttribute: String { self == .user ? "userName" : "displayName" }

    /// The resource type for an endpoint segment, case-insensitively.
    public init?(endpoint: String) {
        guard let kind = Self.allCases.first(where: { attributeNamesEqual($0.endpoint, endpoint) }) else { return nil }
        self = kind
    }
}
