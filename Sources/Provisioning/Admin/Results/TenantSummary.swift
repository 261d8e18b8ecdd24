import Store

/// A tenant as administrators see it.
public struct TenantSummary: Encodable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var created: String
    /// The tenant's own request limits (per second, burst, per client per second); null
    /// follows the server's `--rate-limit` / `--rate-burst` (built in: 200/s, burst 400), and
    /// for the client limit the tenant's rate.
    @Nullable public var rateLimit: Int?
    @Nullable public var burst: Int?
    @Nullable public var clientRateLimit: Int?

    init(_ record: TenantRecord) {
        id = record.id
        name = record.name
        created = AdminTime.text(record.createdMs)
        rateLimit = record.rateLimits.perSecond
        burst = record.rateLimits.burst
        clientRateLimit = record.rateLimits.clientPerSecond
    }
}
