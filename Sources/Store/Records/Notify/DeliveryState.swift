/// Where a delivery stands. A delivery is `pending` until one attempt succeeds (`delivered`) or
/// its retry budget is spent (`failed`); both ends are final.
public enum DeliveryState: String, Sendable, Hashable, CaseIterable, Codable {
    case pending
    case delivered
    case failed
}
