/// A tenant and a half-open period `[sinceMs, untilMs)` of its sync log.
public struct ReportPeriod: Sendable, Hashable {
    public var tenantID: Int64
    public var sinceMs: Int64
    public var untilMs: Int64

    public init(tenantID: Int64, sinceMs: Int64, untilMs: Int64) {
        self.tenantID = tenantID
        self.sinceMs = sinceMs
        self.untilMs = untilMs
    }
}
