import Store

/// Who is asking and how to answer: carried from the HTTP layer (or scimctl) into every
/// service call, so sync-log entries name the client and correlation id.
public struct RequestInfo: Sendable {
    public var tenant: TenantRecord
    /// The caller's correlation id (`client-request-id` / `X-Request-ID`) or a generated one.
    public var correlationID: String
    /// The token's name, or "scimctl" for local administration.
    public var client: String?
    public var sourceAddress: String?
    /// The SCIM root as clients reach it, for `meta.location` and `$ref`, e.g. `https://host/scim/v2`.
    public var baseURL: String
    /// The operation name for the log when it differs from the default (e.g. "provision-on-demand").
    public var origin: String?

    public init(
        tenant: TenantRecord, correlationID: String, client: String? = nil, sourceAddress: String? = nil,
        baseURL: String, origin: String? = nil
    ) {
        self.tenant = tenant
        self.correlationID = correlationID
        self.client = client
        self.sourceAddress = sourceAddress
        self.baseURL = baseURL
        self.origin = origin
    }
}

/// The current time in epoch milliseconds; injectable so tests can move time.
public struct ProvisioningClock: Sendable {
    public var nowMs: @Sendable () -> Int64
    public init(nowMs: @escaping @Sendable () -> Int64) { self.nowMs = nowMs }
    public static let system = ProvisioningClock {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
