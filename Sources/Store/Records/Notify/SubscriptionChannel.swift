/// How a subscription is delivered. `email` is the seam for the mail transport (issue 10, the
/// mail part): the store keeps its subscriptions and deliveries the same way, and the deliverer
/// hands each delivery to the channel its subscription names.
public enum SubscriptionChannel: String, Sendable, Hashable, CaseIterable, Codable {
    /// A signed JSON POST to `target`, an http(s) URL.
    case webhook
    /// A mail to `target`, an address.
    case email
}
