/// How a subscription is delivered. The store keeps every channel's subscriptions and
/// deliveries the same way; the deliverer hands each delivery to the channel its subscription names.
public enum SubscriptionChannel: String, Sendable, Hashable, CaseIterable, Codable {
    /// A signed JSON POST to `target`, an http(s) URL.
    case webhook
    /// A mail to `target`, an address.
    case email
    /// The tenant's welcome mail: one per `user.provisioned` event, to that user's own address
    /// (`target` is the From address); at most one such subscription per tenant.
    case welcome
}
