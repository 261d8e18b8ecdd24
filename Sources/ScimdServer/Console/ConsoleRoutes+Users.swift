import Foundation
import Hummingbird
import Provisioning
import SCIM

extension ConsoleRoutes {
    /// Users per search page.
    static let searchLimit = 50

    /// `GET /console/users?q=…`: the tenant's users whose name, email or external id match.
    func users(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        let text = request.uri.queryParameters.get("q")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var data: [String: Any] = ["query": text]
        let listing: ResourceListing
        do {
            listing = try await run(SearchResources(kind: .user, text: text, limit: Self.searchLimit), context)
        } catch let refusal as ConsoleRefusal where refusal.status == 400 {
            data["error"] = refusal.message
            return pages.render(UsersPage.name, title: "Users", state: context.console, current: "/console/users", status: .badRequest, data: data)
        }
        let users = listing.resources.map { user -> [String: Any] in
            [
                "id": Self.pathComponent(user["id"]?.stringValue ?? ""), "userName": user["userName"]?.stringValue ?? "",
                "displayName": user["displayName"]?.stringValue ?? "", "active": user["active"]?.boolValue ?? true,
                "externalId": user["externalId"]?.stringValue ?? "",
            ]
        }
        data["users"] = users
        data["has_users"] = !users.isEmpty
        data["total"] = listing.totalResults
        data["shown"] = users.count
        data["more"] = listing.totalResults > users.count
        return pages.render(UsersPage.name, title: "Users", state: context.console, current: "/console/users", data: data)
    }

    /// `GET /console/users/:key`: DiagnoseUser's answer to "why has this user (not) synced?".
    func user(_ context: ScimdRequestContext) async throws -> Response {
        let key = try parameter("key", context)
        let diagnosis = try await run(DiagnoseUser(user: key), context)
        guard var d = try ConsoleView.value(diagnosis) as? [String: Any] else {
            throw ConsoleRefusal.notFound("No user '\(key)'.")
        }
        d["rules"] = diagnosis.rules.map { rule -> [String: Any] in
            ["rule": rule.rule, "expected": rule.expected, "values": rule.values.isEmpty ? "nothing" : rule.values.joined(separator: ", "), "met": rule.met]
        }
        d["eligibleText"] = diagnosis.eligible.map { $0 ? "yes" : "no" } ?? "unknown"
        d["problem"] = diagnosis.status != .known || diagnosis.eligible == false || !diagnosis.errors.isEmpty
        if let user = diagnosis.user, var shown = d["user"] as? [String: Any] {
            shown["id"] = user.id
            d["user"] = shown
        }
        return pages.render(
            UserPage.name, title: diagnosis.user?.userName ?? key, state: context.console, current: "/console/users", data: ["d": d])
    }
}
