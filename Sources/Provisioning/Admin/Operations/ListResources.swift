import SCIM
import Store

/// Users or Groups of the caller's tenant, optionally filtered with a SCIM filter (RFC 7644 §3.4.2.2).
public struct ListResources: AdminOperation {
    public var kind: ResourceKind
    public var filter: String?
    public var limit: Int

    public init(kind: ResourceKind, filter: String? = nil, limit: Int = 100) {
        self.kind = kind
        self.filter = filter
        self.limit = limit
    }

    public func perform(_ context: AdminContext) async throws -> ResourceListing {
        guard (1...10_000).contains(limit) else { throw AdminError(.invalid, "limit must be between 1 and 10000.") }
        var parsed: Filter?
        if let filter {
            do {
                parsed = try Filter.parse(filter)
            } catch {
                throw AdminError(.invalid, "The filter is not valid: \(error.detail)")
            }
        }
        let page = try await context.services.resources.query(
            kind, ResourceQuery(filter: parsed, count: limit), info: try context.requestInfo(),
            // A user's scimd extension carries its source, which `users list` shows (requirements §9).
            options: RenderOptions(members: false, groups: false, assignments: kind == .user))
        return ResourceListing(totalResults: page.totalResults, resources: page.resources.map { .object($0.object) })
    }
}
