/// One page of the event feed: the events after a cursor, oldest first, and the cursor to ask
/// with next. `nextCursor` is the last event's, or the cursor asked with when the page is
/// empty, so a poller that always passes it back never goes back and never skips.
public struct EventPage: Encodable, Sendable {
    public let events: [Event]
    public let nextCursor: String

    public init(events: [Event], nextCursor: String) {
        self.events = events
        self.nextCursor = nextCursor
    }
}
