import Foundation
import Hummingbird
import NIOCore
import Provisioning
import SCIM
import Store

/// `/admin/v1`: the tenant administrator's API over the same typed operations as scimctl —
/// roles, organizations, mappings, users and groups with their assignments, open mapping
/// errors and the sync log. One route per endpoint; each builds an `AdminOperation` from the
/// path, query or body, runs it, and encodes its result. Shapes and rules live in the operations.
struct AdminRoutes: Sendable {
    static let basePath = "/admin/v1"
    /// Admin bodies are a few fields; anything larger is a mistake or an attack.
    static let maxBodyBytes = 64 * 1024
    let services: ProvisioningServices
    let configuration: ServerConfiguration

    func addRoutes(to router: Router<ScimdRequestContext>) {
        let group = router.group(RouterPath(Self.basePath)).add(middleware: AdminAuthenticator(services: services))
        let admin = AdminRouteBuilder(group: group, responder: AdminResponder(services: services, configuration: configuration))
        admin.get("roles") { _, _ in ListRoles() }
        admin.post("roles", status: .created) { request, _ in try await decode(CreateRole.self, request) }
        admin.delete("roles/:name", status: .noContent) { _, context in DeleteRole(name: try parameter("name", context)) }
        admin.get("organizations") { _, _ in ListOrganizations() }
        admin.post("organizations", status: .created) { request, _ in try await decode(CreateOrganization.self, request) }
        admin.delete("organizations/:name", status: .noContent) { _, context in
            DeleteOrganization(name: try parameter("name", context))
        }
        admin.get("mappings") { _, _ in ListMappings() }
        admin.post("mappings", status: .created) { request, _ in try await decode(AddMapping.self, request) }
        admin.post("mappings/preview", status: .ok) { request, _ in try await decode(PreviewMapping.self, request) }
        admin.delete("mappings/:id", status: .noContent) { _, context in
            guard let id = Int64(try parameter("id", context)) else { throw AdminError(.invalid, "A mapping id is a number.") }
            return RemoveMapping(id: id)
        }
        admin.get("users") { request, _ in try list(.user, request) }
        admin.get("users/:key") { _, context in ShowAssignment(user: try parameter("key", context)) }
        admin.get("groups") { request, _ in try list(.group, request) }
        admin.get("groups/:key") { _, context in ShowResource(kind: .group, key: try parameter("key", context)) }
        admin.get("errors") { _, _ in ListMappingErrors() }
        admin.get("log") { request, _ in
            let query = request.uri.queryParameters
            return QueryLog(
                since: query.get("since"), until: query.get("until"), status: query.get("status"), user: query.get("user"),
                group: query.get("group"), operation: query.get("operation"), limit: try integer("limit", request) ?? 100)
        }
        addScopeRoutes(admin)
        addLocalUserRoutes(admin)
        addDiagnoseRoutes(admin)
        addEventRoutes(admin)
        addReportRoutes(admin)
        addNotifyRoutes(admin)
        // Behind the authenticator: an unknown admin path is a 404 only for a caller who may ask.
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            group.on("**", method: method) { request, _ -> Response in
                throw SCIMError.notFound("No admin endpoint \(request.method) \(request.uri.path)")
            }
        }
    }

    // MARK: Building operations from requests

    private func decode<Operation: AdminOperation & Decodable>(_ type: Operation.Type, _ request: Request) async throws -> Operation {
        try await body(type, request)
    }

    /// A JSON request body (at most `maxBodyBytes`) decoded as `type`; a body that does not fit
    /// is refused with one sentence naming the field.
    func body<Body: Decodable>(_ type: Body.Type, _ request: Request) async throws -> Body {
        let buffer = try await request.collectSCIMBody(
            upTo: Self.maxBodyBytes, tooLarge: .payloadTooLarge("Admin request bodies are limited to 64 KiB"))
        return try AdminRequestDecoder.decode(type, from: Array(buffer.readableBytesView))
    }

    func parameter(_ name: String, _ context: ScimdRequestContext) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    private func integer(_ name: String, _ request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int(text) else { throw AdminError(.invalid, "'\(name)' must be an integer.") }
        return value
    }

    private func list(_ kind: ResourceKind, _ request: Request) throws -> ListResources {
        ListResources(kind: kind, filter: request.uri.queryParameters.get("filter"), limit: try integer("limit", request) ?? 100)
    }
}

/// Registers admin routes: each handler builds an operation, which runs in the caller's tenant;
/// its result is the response body with `status` (no body for 204).
struct AdminRouteBuilder {
    let group: RouterGroup<ScimdRequestContext>
    let responder: AdminResponder

    typealias Build<Operation> = @Sendable (Request, ScimdRequestContext) async throws -> Operation

    func on<Operation: AdminOperation>(
        _ path: RouterPath, method: HTTPRequest.Method, status: HTTPResponse.Status, _ build: @escaping Build<Operation>
    ) {
        let responder = self.responder
        group.on(path, method: method) { request, context -> Response in
            try await responder.respond(status: status, context: context) { try await build(request, context) }
        }
    }

    func get<Operation: AdminOperation>(_ path: RouterPath, _ build: @escaping Build<Operation>) {
        on(path, method: .get, status: .ok, build)
    }

    func post<Operation: AdminOperation>(_ path: RouterPath, status: HTTPResponse.Status, _ build: @escaping Build<Operation>) {
        on(path, method: .post, status: status, build)
    }

    func put<Operation: AdminOperation>(_ path: RouterPath, _ build: @escaping Build<Operation>) {
        on(path, method: .put, status: .ok, build)
    }

    func delete<Operation: AdminOperation>(_ path: RouterPath, status: HTTPResponse.Status, _ build: @escaping Build<Operation>) {
        on(path, method: .delete, status: status, build)
    }

    func patch<Operation: AdminOperation>(_ path: RouterPath, _ build: @escaping Build<Operation>) {
        on(path, method: .patch, status: .ok, build)
    }
}
