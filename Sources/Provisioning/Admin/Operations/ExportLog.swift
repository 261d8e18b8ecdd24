import Store

/// QueryLog's entries (newest first, at most `maxEntries`) rendered as a CSV or NDJSON file:
/// the console's export of the filtered sync log.
public struct ExportLog: AdminOperation {
    public var query: QueryLog
    public var format: SyncLogExport.Format
    /// One download holds at most this many entries; narrow the period for more.
    public static let maxEntries = 10_000

    public init(query: QueryLog, format: SyncLogExport.Format) {
        self.query = query
        self.format = format
    }

    /// The file: its media type and text.
    public struct File: Encodable, Sendable {
        public var contentType: String
        public var body: String
    }

    public func perform(_ context: AdminContext) async throws -> File {
        var query = self.query
        query.limit = Self.maxEntries
        let entries = try await query.perform(context).map(\.entry)
        return File(contentType: format.contentType, body: SyncLogExport.render(entries, as: format))
    }
}
