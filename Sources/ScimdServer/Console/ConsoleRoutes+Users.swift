import Foundation
import Hummingbird
import Provisioning
import SCIM

extension ConsoleRoutes {
    /// Users per search page.
    static let searchLimit = 50

    /// `GET /console/users?q=…`: the tenant's users whose name, email or external id match.
    func users(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        try await searchPage(.user, request, context, page: UsersPage.name, title: "Users", path: "/console/users", rows: "users") { user in
            [
                "id": Self.pathComponent(user["id"]?.stringValue ?? ""), "userName": user["userName"]?.stringValue ?? "",
                "displayName": user["displayName"]?.stringValue ?? "", "active": user["active"]?.boolValue ?? true,
                "externalId": user["externalId"]?.stringValue ?? "",
            ]
        }
    }

    /// A search page of one kind (users, groups): SearchResources for `q`, each match as `row`
    /// under `rows`, and how many matched beyond the page; a query it refuses is shown on the page.
    func searchPage(
        _ kind: ResourceKind, _ request: Request, _ context: ScimdRequestContext, page: String, title: String, path: String,
        rows: String, row: (SCIMValue) -> [String: Any]
    ) async throws -> Response {
        let text = request.uri.queryParameters.get("q")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var data: [String: Any] = ["query": text]
        let listing: ResourceListing
        do {
            listing = try await run(SearchResources(kind: kind, text: text, limit: Self.searchLimit), context)
        } catch let refusal as ConsoleRefusal where refusal.status == 400 {
            data["error"] = refusal.message
            return pages.render(page, title: title, state: context.console, current: path, status: .badRequest, data: data)
        }
        let shown = listing.resources.map(row)
        data[rows] = shown
        data["has_\(rows)"] = !shown.isEmpty
        data["total"] = listing.totalResults
        data["shown"] = shown.count
        data["more"] = listing.totalResults > shown.count
        return pages.render(page, title: title, state: context.console, current: path, data: data)
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
