import Foundation
import Hummingbird
import Provisioning
import SCIM
import Store

extension ConsoleRoutes {
    /// What a `?done=` after a change says; only these fixed sentences, never text from the URL.
    static let doneNotices = [
        "mapping": "The mapping was saved; its users are being updated.", "mapping-removed": "The mapping was removed.",
        "role": "The role was created.", "role-removed": "The role was deleted.",
        "organization": "The organization was created.", "organization-removed": "The organization was deleted.",
    ]

    /// `GET /console/mappings`: roles, organizations and mappings, with their forms.
    func mappingsPage(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        var data: [String: Any] = [:]
        if let done = request.uri.queryParameters.get("done"), let notice = Self.doneNotices[done] { data["notice"] = notice }
        return try await renderMappings(context, data: data)
    }

    func renderMappings(_ context: ScimdRequestContext, data extra: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        var data = extra
        let mappings = try await run(ListMappings(), context)
        let roles = try await run(ListRoles(), context)
        let organizations = try await run(ListOrganizations(), context)
        data["mappings"] = try ConsoleView.value(mappings)
        data["has_mappings"] = !mappings.isEmpty
        data["roles"] = try ConsoleView.value(roles)
        data["has_roles"] = !roles.isEmpty
        data["organizations"] = try ConsoleView.value(organizations)
        data["has_organizations"] = !organizations.isEmpty
        return pages.render(MappingsPage.name, title: "Mappings", state: context.console, current: "/console/mappings", status: status, data: data)
    }

    /// The mapping a form describes, as `AddMapping` (and so `PreviewMapping`) takes it.
    private func mappingForm(_ context: ScimdRequestContext) throws -> AddMapping {
        let form = context.console.form
        guard let kind = MappingKind(rawValue: form?["kind"] ?? "") else {
            throw ConsoleRefusal(status: 400, heading: "Cannot do that", "Choose whether the group maps to a role or an organization.")
        }
        var priority = AddMapping.defaultPriority
        if let text = form?["priority"] {
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ConsoleRefusal(status: 400, heading: "Cannot do that", "The priority must be a whole number, e.g. 100.")
            }
            priority = number
        }
        return AddMapping(kind: kind, group: form?["group"] ?? "", target: form?["target"] ?? "", priority: priority)
    }

    /// Runs a change; a refusal the administrator can correct is shown on the mappings page.
    private func change<Operation: AdminOperation>(_ operation: Operation, _ context: ScimdRequestContext, done: String) async throws -> Response {
        do {
            _ = try await run(operation, context)
        } catch let refusal as ConsoleRefusal where [400, 404, 409].contains(refusal.status) {
            return try await renderMappings(context, data: ["error": refusal.message], status: HTTPResponse.Status(code: refusal.status))
        }
        return ConsolePages.redirect("/console/mappings?done=\(done)")
    }

    /// `POST /console/mappings/preview`: PreviewMapping's effect, with the form that saves it.
    func previewMapping(_ context: ScimdRequestContext) async throws -> Response {
        let preview: MappingPreview
        do {
            preview = try await run(PreviewMapping(try mappingForm(context)), context)
        } catch let refusal as ConsoleRefusal where refusal.status == 400 {
            return try await renderMappings(context, data: ["error": refusal.message], status: .badRequest)
        }
        return try await renderMappings(context, data: ["preview": try ConsoleView.value(preview)])
    }

    func addMapping(_ context: ScimdRequestContext) async throws -> Response {
        try await change(try mappingForm(context), context, done: "mapping")
    }

    func removeMapping(_ context: ScimdRequestContext) async throws -> Response {
        guard let id = context.console.form?["id"].flatMap({ Int64($0) }) else { throw ConsoleRefusal.notFound("A mapping is named by its number.") }
        return try await change(RemoveMapping(id: id), context, done: "mapping-removed")
    }

    func createRole(_ context: ScimdRequestContext) async throws -> Response {
        let form = context.console.form
        return try await change(CreateRole(name: form?["name"] ?? "", description: form?["description"]), context, done: "role")
    }

    func deleteRole(_ context: ScimdRequestContext) async throws -> Response {
        try await change(DeleteRole(name: context.console.form?["name"] ?? ""), context, done: "role-removed")
    }

    func createOrganization(_ context: ScimdRequestContext) async throws -> Response {
        let form = context.console.form
        return try await change(CreateOrganization(name: form?["name"] ?? "", parent: form?["parent"]), context, done: "organization")
    }

    func deleteOrganization(_ context: ScimdRequestContext) async throws -> Response {
        try await change(DeleteOrganization(name: context.console.form?["name"] ?? ""), context, done: "organization-removed")
    }
}
