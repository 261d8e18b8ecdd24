import SCIM
import Store

extension ResourceService {
    /// `POST /.search` on the root (RFC 7644 §3.4.3): Users then Groups as one result set, each
    /// projected with the request's attribute selection. Returns the total over both types and
    /// the page `startIndex`/`count` select from their concatenation.
    public func searchAllTypes(_ search: SearchRequest, info: RequestInfo) async throws -> (totalResults: Int, resources: [SCIMValue]) {
        var resources: [SCIMValue] = []
        var total = 0
        var skip = search.startIndex - 1
        var remaining = search.count
        for kind in ResourceKind.allCases {
            let projection = try ResponseProjection(
                schema: schema(kind), attributes: search.attributes, excludedAttributes: search.excludedAttributes)
            var query = ResourceQuery(filter: search.filter, sortBy: search.sortBy, descending: search.descending, startIndex: 1, count: 0)
            let kindTotal: Int
            do {
                kindTotal = try await self.query(kind, query, info: info, options: .none).totalResults
            } catch let error as SCIMError where error.scimType == .invalidFilter || error.scimType == .invalidValue {
                // An attribute only one type has (userName) simply matches nothing of the other type.
                continue
            }
            total += kindTotal
            if remaining > 0, skip < kindTotal {
                query.startIndex = skip + 1
                query.count = remaining
                let page = try await self.query(kind, query, info: info, options: RenderOptions(projection))
                resources += page.resources.map { .object(projection.apply(to: $0.object)) }
                remaining -= page.resources.count
                skip = 0
            } else {
                skip = max(0, skip - kindTotal)
            }
        }
        return (total, resources)
    }
}
