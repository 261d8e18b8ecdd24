/// One client's requests in a period (the SCIM token's name, "scimctl", "admin:<token>"): the
/// entries it caused other than the `mapping` entries its writes set off.
public struct ReportClientCount: Sendable, Hashable {
    public var client: String?
    public var requests: Int
    public var failures: Int

    public init(client: String?, requests: Int, failures: Int) {
        self.client = client
        self.requests = requests
        self.failures = failures
    }
}
