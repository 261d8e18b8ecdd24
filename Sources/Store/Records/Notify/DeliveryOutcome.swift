/// What the deliverer decided after an attempt: done, try again at an instant, or give up.
public enum DeliveryOutcome: Sendable, Hashable {
    case delivered
    case retry(atMs: Int64)
    case failed
}
