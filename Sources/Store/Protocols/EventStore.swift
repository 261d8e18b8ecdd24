/// The event outbox (requirements §8): one row per application event, appended in the same
/// transaction as the change it announces, so an event is never kept for a change rolled back
/// and a committed change never misses its event.
///
/// Contract: `appendEvent` assigns a sequence number above every one the outbox has held,
/// including pruned ones (a cursor never goes back), and returns the stored record; a duplicate
/// `id` is `StoreError.duplicate`. `events` returns a tenant's events after `after`, oldest first,
/// at most `limit` (0 reads nothing), of the given types (all when empty). Because writers are
/// serialised and a reader sees only committed transactions, a seq is visible only once every
/// lower one is: paging by the last seq seen never skips or repeats an event.
/// `pruneEvents` deletes the oldest events before `beforeMs`, at most `limit`, and returns how many.
/// `markProvisioned` records that a user has been announced as provisioned and returns true
/// only the first time for that user (the mark lives with the user, not with pruned events).
public protocol EventStore {
    @discardableResult
    func appendEvent(_ event: EventRecord) async throws -> EventRecord
    func events(tenantID: Int64, after: Int64, limit: Int, types: [String]) async throws -> [EventRecord]
    /// The highest seq of the tenant's events still kept, 0 when there is none.
    func latestEventSeq(tenantID: Int64) async throws -> Int64
    /// Deletes up to `limit` events older than `beforeMs`; returns how many.
    func pruneEvents(beforeMs: Int64, limit: Int) async throws -> Int
    /// True when `userSeq` had not been marked before (and is now).
    func markProvisioned(userSeq: Int64, tenantID: Int64, nowMs: Int64) async throws -> Bool
}
