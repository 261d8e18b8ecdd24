import SCIM

/// Provision one User or Group payload on demand (as the identity provider would send it), or
/// with `dryRun` only report what would happen, writing nothing.
public struct ProvisionOnDemand: AdminOperation {
    public var payload: SCIMValue
    public var dryRun: Bool

    public init(payload: SCIMValue, dryRun: Bool) {
        self.payload = payload
        self.dryRun = dryRun
    }

    /// The payload from raw bytes (a request body or a file); what is not JSON is refused in one sentence.
    public init(json bytes: [UInt8], dryRun: Bool) throws(AdminError) {
        guard bytes.contains(where: { !Set<UInt8>([0x20, 0x09, 0x0A, 0x0D]).contains($0) }) else {
            throw AdminError(.invalid, "The payload is empty; send a SCIM User or Group as JSON.")
        }
        do throws(SCIMError) {
            self.init(payload: try SCIMValue(parsing: bytes), dryRun: dryRun)
        } catch {
            throw AdminError(.invalid, "The payload is not valid JSON: \(error.detail)")
        }
    }

    public func perform(_ context: AdminContext) async throws -> ProvisionReport {
        try await OnDemandProvisioner(services: context.services, info: try context.requestInfo()).run(payload, dryRun: dryRun)
    }
}
