/// The sync log: one entry per provisioning outcome, written in the same transaction as the
/// change it reports, so neither is kept without the other.
///
/// Contract: `appendLog` assigns a sequence number above every entry's in the log (the entry's
/// own `seq` is ignored). `logEntries` returns the newest first, or oldest first after
/// `afterSeq` (following), at most `limit` (0 reads nothing); its filters combine with AND,
/// `resourceName` matching a resource name case-insensitively, an external id or a resource id.
/// `pruneLog` deletes the oldest entries before `beforeMs`, at most `limit`, and returns how many.
public protocol SyncLogStore {
    /// Appends an entry and returns its sequence number.
    @discardableResult
    func appendLog(_ entry: SyncLogEntry) async throws -> Int64
    func logEntries(_ query: SyncLogQuery) async throws -> [SyncLogEntry]
    /// Deletes up to `limit` entries older than `beforeMs`; returns how many.
    func pruneLog(beforeMs: Int64, limit: Int) async throws -> Int
}
