import Foundation
import Hummingbird
import Provisioning
import SCIM

extension ConsoleRoutes {
    /// `GET /console/groups?q=…`: the tenant's groups whose display name or external id match.
    func groups(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        try await searchPage(.group, request, context, page: GroupsPage.name, title: "Groups", path: "/console/groups", rows: "groups") { group in
            [
                "href": Self.pathComponent(group["id"]?.stringValue ?? ""), "displayName": group["displayName"]?.stringValue ?? "",
                "externalId": group["externalId"]?.stringValue ?? "",
            ]
        }
    }

    /// `GET /console/groups/:key`: member counts, mappings and scope patterns (ShowGroup).
    func group(_ context: ScimdRequestContext) async throws -> Response {
        let key = try parameter("key", context)
        let shown = try await run(ShowGroup(group: key), context)
        guard let data = try ConsoleView.value(shown) as? [String: Any] else { throw ConsoleRefusal.notFound("No group '\(key)'.") }
        return pages.render(GroupPage.name, title: shown.diagnosis.group.displayName, state: context.console, current: "/console/groups", data: data)
    }
}
