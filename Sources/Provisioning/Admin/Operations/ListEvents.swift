import Store

/// The tenant's event feed after a cursor (requirements §8; docs/events.md). The cursor and
/// the type list arrive as text from every front-end and are checked here, once.
public struct ListEvents: AdminOperation {
    /// Most events on one page, and the default.
    public static let maxLimit = 1000
    public static let defaultLimit = 100

    /// The cursor: "0" (or none) starts at the oldest event kept.
    public var after: String?
    public var limit: Int
    /// Comma-separated event types; none means every type.
    public var types: String?

    public init(after: String? = nil, limit: Int = ListEvents.defaultLimit, types: String? = nil) {
        self.after = after
        self.limit = limit
        self.types = types
    }

    /// The cursor as a seq; fails with the sentence to show when it is not one.
    public func cursor() throws(AdminError) -> Int64 {
        guard let after else { return 0 }
        guard let seq = Int64(after), seq >= 0 else {
            throw AdminError(.invalid, "'after' must be a cursor from the feed (a whole number, 0 for the beginning); got '\(after)'.")
        }
        return seq
    }

    /// The type filter; fails naming the unknown type.
    public func typeFilter() throws(AdminError) -> [EventType] {
        guard let types, !types.isEmpty else { return [] }
        do {
            return try EventType.parseList(types)
        } catch {
            throw AdminError(.invalid, "'type': \(error.message)")
        }
    }

    /// Checks every field without running, for front-ends that validate before they connect.
    public func validate() throws(AdminError) {
        _ = try cursor()
        _ = try typeFilter()
        guard (1...Self.maxLimit).contains(limit) else {
            throw AdminError(.invalid, "'limit' must be from 1 to \(Self.maxLimit); got \(limit).")
        }
    }

    public func perform(_ context: AdminContext) async throws -> EventPage {
        try validate()
        let tenant = try context.requireTenant()
        let after = try cursor()
        let records = try await context.services.events.events(
            tenantID: tenant.id, after: after, limit: limit, types: try typeFilter())
        return EventPage(
            events: records.map { Event($0, tenant: tenant.name) }, nextCursor: String(records.last?.seq ?? after))
    }
}
