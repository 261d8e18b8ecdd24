import Hummingbird
import Provisioning

extension AdminRoutes {
    /// `GET /admin/v1/events?after=CURSOR&limit=N&type=T1,T2`: the tenant's event feed
    /// (requirements §8, docs/events.md). The operation checks the cursor, limit and types.
    func addEventRoutes(_ admin: AdminRouteBuilder) {
        admin.get("events") { request, _ in
            let query = request.uri.queryParameters
            var limit = ListEvents.defaultLimit
            if let text = query.get("limit") {
                guard let value = Int(text) else {
                    throw AdminError(.invalid, "'limit' must be a whole number from 1 to \(ListEvents.maxLimit); got '\(text)'.")
                }
                limit = value
            }
            return ListEvents(after: query.get("after"), limit: limit, types: query.get("type"))
        }
    }
}
