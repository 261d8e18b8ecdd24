import SCIM
import Store

/// One sync-log entry in its JSON shape (see `SyncLogEntry.json`).
public struct LogEntrySummary: Encodable, Sendable {
    public let entry: SyncLogEntry

    public init(_ entry: SyncLogEntry) { self.entry = entry }

    public func encode(to encoder: any Encoder) throws {
        try entry.json.encode(to: encoder)
    }
}
