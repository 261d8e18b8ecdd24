import SCIM

/// A page of Users or Groups as SCIM represents them, with the total that matched.
public struct ResourceListing: Encodable, Sendable {
    public var totalResults: Int
    public var resources: [SCIMValue]
}
