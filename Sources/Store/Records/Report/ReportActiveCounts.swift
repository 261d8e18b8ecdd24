/// Successful user writes of a period that turned `active` off or back on.
public struct ReportActiveCounts: Sendable, Hashable {
    public var deactivated: Int
    public var reactivated: Int

    public init(deactivated: Int, reactivated: Int) {
        self.deactivated = deactivated
        self.reactivated = reactivated
    }
}
