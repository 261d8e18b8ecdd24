import Foundation
import Hummingbird
import Provisioning
import SCIM

extension ConsoleRoutes {
    /// `GET /console/groups?q=…`: the tenant's groups whose display name or external id match.
    func groups(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        let text = request.uri.queryParameters.get("q")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var data: [String: Any] = ["query": text]
        let listing: ResourceListing
        do {
            listing = try await run(SearchResources(kind: .group, text: text, limit: Self.searchLimit), context)
        } catch let refusal as ConsoleRefusal where refusal.status == 400 {
            data["error"] = refusal.message
            return pages.render(GroupsPage.name, title: "Groups", state: context.console, current: "/console/groups", status: .badRequest, data: data)
        }
        let groups = listing.resources.map { group -> [String: Any] in
            [
                "href": Self.pathComponent(group["id"]?.stringValue ?? ""), "displayName": group["displayName"]?.stringValue ?? "",
                "externalId": group["externalId"]?.stringValue ?? "",
            ]
        }
        data["groups"] = groups
        data["has_groups"] = !groups.isEmpty
        data["total"] = listing.totalResults
        data["shown"] = groups.count
        data["more"] = listing.totalResults > groups.count
        return pages.render(GroupsPage.name, title: "Groups", state: context.console, current: "/console/groups", data: data)
    }

    /// `GET /console/groups/:key`: member counts, mappings and scope patterns (ShowGroup).
    func group(_ context: ScimdRequestContext) async throws -> Response {
        let key = try parameter("key", context)
        let shown = try await run(ShowGroup(group: key), context)
        guard let data = try ConsoleView.value(shown) as? [String: Any] else { throw ConsoleRefusal.notFound("No group '\(key)'.") }
        return pages.render(GroupPage.name, title: shown.diagnosis.group.displayName, state: context.console, current: "/console/groups", data: data)
    }
}
