/// A tenant: the unit of isolation. Every stored row belongs to exactly one.
public struct TenantRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var createdMs: Int64
    /// Its request rate limits; a nil field takes the server's default.
    public var rateLimits: TenantRateLimits

    public init(id: Int64, name: String, createdMs: Int64, rateLimits: TenantRateLimits = TenantRateLimits()) {
        self.id = id
        self.name = name
        self.createdMs = createdMs
        self.rateLimits = rateLimits
    }
}

/// A tenant's SCIM request limits (token buckets): `perSecond` requests a second on average,
/// up to `burst` at once, and `clientPerSecond` for any one token or OAuth client. Nil: the
/// server's default.
public struct TenantRateLimits: Sendable, Hashable, Codable {
    public var perSecond: Int?
    public var burst: Int?
    public var clientPerSecond: Int?

    public init(perSecond: Int? = nil, burst: Int? = nil, clientPerSecond: Int? = nil) {
        self.perSecond = perSecond
        self.burst = burst
        self.clientPerSecond = clientPerSecond
    }
}
