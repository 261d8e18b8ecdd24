import Foundation
import Hummingbird
import Logging
import NIOCore
import Provisioning
import SCIM
import Store

/// `/scim/v2`: authenticates, parses, and dispatches to the service layer. Endpoint names
/// match case-insensitively and the path is parsed here rather than by the router, so a stray
/// query flag (`?aadOptscim062020`) or letter case never turns into a 404.
struct SCIMController: Sendable {
    static let basePath = "/scim/v2"
    let services: ProvisioningServices
    let configuration: ServerConfiguration
    let discovery: DiscoveryController

    init(services: ProvisioningServices, configuration: ServerConfiguration) {
        self.services = services
        self.configuration = configuration
        self.discovery = DiscoveryController(registry: services.registry, configuration: configuration)
    }

    func addRoutes(to router: Router<ScimdRequestContext>) {
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("\(Self.basePath)/**", method: method) { request, context in
                try await handle(request, context: context)
            }
        }
    }

    func handle(_ request: Request, context: ScimdRequestContext) async throws -> Response {
        let segments = request.uri.path.dropFirst(Self.basePath.count).split(separator: "/").map(String.init)
        let method = request.method
        // Discovery carries no tenant data and is readable without a token (RFC 7644 §4).
        if let first = segments.first, DiscoveryController.isDiscoveryEndpoint(first) {
            guard method == .get else { throw SCIMError.methodNotAllowed("/\(first) is read-only: use GET") }
            if let response = try discovery.respond(segments, first: first, base: context.scimBaseURL(configuration)) { return response }
        }
        let info = try await authenticate(request, context: context)
        guard let first = segments.first else { throw SCIMError.notFound("No endpoint at \(request.uri.path)") }
        if first == ".search", segments.count == 1 {
            guard method == .post else { throw SCIMError.methodNotAllowed("/.search accepts POST only") }
            return try await search(nil, request: request, info: info)
        }
        if attributeNamesEqual(first, "Bulk"), segments.count == 1 {
            guard method == .post else { throw SCIMError.methodNotAllowed("/Bulk accepts POST only") }
            return SCIMResponse.json(try await services.bulk.process(reading: { try await readBody(request) }, info: info))
        }
        if attributeNamesEqual(first, "Me") {
            throw SCIMError.notImplemented("/Me is not supported: tokens belong to tenants, not users")
        }
        guard let kind = ResourceKind(endpoint: first), segments.count <= 2 else {
            throw SCIMError.notFound("No endpoint at \(request.uri.path)")
        }
        let resources = ResourceController(services: services, kind: kind, info: info)
        if segments.count == 1 {
            switch method {
            case .get: return try await resources.list(request)
            case .post: return try await resources.create(request, reading: { try await readBody(request) })
            default: throw SCIMError.methodNotAllowed("/\(kind.endpoint) accepts GET and POST")
            }
        }
        let id = segments[1]
        if id == ".search" {
            guard method == .post else { throw SCIMError.methodNotAllowed("/.search accepts POST only") }
            return try await search(kind, request: request, info: info)
        }
        switch method {
        case .get: return try await resources.get(request, id: id)
        case .put: return try await resources.replace(request, id: id, reading: { try await readBody(request) })
        case .patch: return try await resources.patch(request, id: id, reading: { try await readBody(request) })
        case .delete: return try await resources.delete(request, id: id)
        default: throw SCIMError.methodNotAllowed("/\(kind.endpoint)/{id} accepts GET, PUT, PATCH and DELETE")
        }
    }

    private func search(_ kind: ResourceKind?, request: Request, info: RequestInfo) async throws -> Response {
        guard case .object(let body) = try await readBody(request) else {
            throw SCIMError.invalidSyntax("A search request must be a JSON object")
        }
        let search = try SearchRequest(body: body)
        if let kind {
            return try await ResourceController(services: services, kind: kind, info: info).respondToSearch(search)
        }
        if search.cursor != nil {
            // A walk over several resource types would need one order across them; RFC 9865
            // describes cursors per endpoint (§2, §3), so the root search pages by index only.
            throw SCIMError.invalidValue("cursor paging is available on /Users/.search and /Groups/.search; the root /.search pages by startIndex")
        }
        let result = try await services.resources.searchAllTypes(search, info: info)
        return SCIMResponse.list(result.resources, total: result.totalResults, startIndex: search.startIndex)
    }

    // MARK: Authentication

    private func authenticate(_ request: Request, context: ScimdRequestContext) async throws -> RequestInfo {
        guard request.headers[.authorization] != nil else {
            throw SCIMError.unauthorized("Authentication required: send 'Authorization: Bearer <token>'")
        }
        guard let secret = BearerToken.secret(in: request.headers) else {
            throw SCIMError.unauthorized("Only bearer tokens are accepted: send 'Authorization: Bearer <token>'")
        }
        // The SCIM root is an OAuth access token's audience (RFC 7519 §4.1.3).
        let audience = context.scimBaseURL(configuration)
        guard let token = try await services.authenticator.authenticate(secret: secret, kind: .scim, audience: audience) else {
            throw SCIMError.unauthorized("The bearer token is not valid, expired or revoked")
        }
        context.identity.record(tenant: token.tenantName, client: token.name)
        let tenant = TenantRecord(id: token.tenantID, name: token.tenantName, createdMs: 0)
        try await services.rateLimiter.admit(tenant: tenant, client: token.name)
        return RequestInfo(
            tenant: tenant,
            correlationID: context.correlationID, client: token.name, sourceAddress: context.sourceAddress,
            baseURL: context.scimBaseURL(configuration))
    }

    // MARK: Bodies

    /// Reads and parses a JSON body within the size limit, checking the media type.
    func readBody(_ request: Request) async throws -> SCIMValue {
        if let contentType = request.headers[.contentType] {
            let mediaType = contentType.split(separator: ";").first.map { HeaderText.trimmed($0).lowercased() } ?? ""
            guard mediaType == "application/scim+json" || mediaType == "application/json" else {
                throw SCIMError.unsupportedMediaType("Send the body as application/scim+json (or application/json), not \(mediaType)")
            }
        }
        let limit = configuration.maxBodyBytes
        let buffer = try await request.collectSCIMBody(
            upTo: limit, tooLarge: .payloadTooLarge("The request body exceeds \(limit) bytes"))
        guard buffer.readableBytes > 0 else { throw SCIMError.invalidSyntax("The request body is empty; send a JSON object") }
        return try buffer.withUnsafeReadableBytes { try SCIMValue(parsing: $0) }
    }
}
