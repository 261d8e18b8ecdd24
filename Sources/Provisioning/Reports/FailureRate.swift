/// The share of the identity provider's SCIM writes that failed in a period, and how close it is
/// to quarantine.
///
/// Entra ID puts an application in quarantine when most of its requests fail; one documented
/// reason (`EncounteredEscrowProportionThreshold`, Microsoft's "Application provisioning in
/// quarantine status") is more than 40% of provisioning events failing. The report warns well
/// before: from 10% (`warning`) and from 25%
/// (`critical`), so the administrator acts while provisioning still runs. Writes are SCIM
/// requests that change something (create, replace, patch, delete, bulk); reads and local edits
/// do not count.
public struct FailureRate: Codable, Sendable, Equatable {
    public enum Level: String, Codable, Sendable {
        case ok, warning, critical
    }

    public static let warningPercent = 10.0
    public static let criticalPercent = 25.0
    /// Entra ID's quarantine threshold, for the message.
    public static let quarantinePercent = 40.0

    public var scimWrites: Int
    public var failures: Int
    /// Failures per 100 writes, one decimal; 0 without writes.
    public var percent: Double
    public var level: Level
    public var message: String

    public init(scimWrites: Int, failures: Int) {
        self.scimWrites = scimWrites
        self.failures = failures
        let exact = scimWrites == 0 ? 0 : Double(failures) * 100 / Double(scimWrites)
        percent = (exact * 10).rounded() / 10
        level = exact >= Self.criticalPercent ? .critical : exact >= Self.warningPercent ? .warning : .ok
        let share = "\(Self.text(percent)) of SCIM writes failed (\(failures) of \(scimWrites))"
        switch level {
        case .ok:
            message = scimWrites == 0
                ? "No SCIM writes in this period."
                : "\(share), below the \(Self.text(Self.warningPercent)) warning level."
        case .warning:
            message = "\(share), at or above the \(Self.text(Self.warningPercent)) warning level. \(Self.quarantine)"
        case .critical:
            message = "\(share), at or above the \(Self.text(Self.criticalPercent)) critical level. \(Self.quarantine)"
        }
    }

    private static let quarantine =
        "Entra ID quarantines the application above \(text(quarantinePercent)); fix the refused requests below."

    /// "12.5%", "10%".
    public static func text(_ percent: Double) -> String {
        percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
    }
}
