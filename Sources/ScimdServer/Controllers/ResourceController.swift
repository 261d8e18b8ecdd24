import Hummingbird
import Provisioning
import SCIM
import Store

/// `/Users` and `/Groups`: turns HTTP into service calls and service results into SCIM
/// responses (status, Location, ETag, projection). No domain logic lives here.
struct ResourceController {
    let services: ProvisioningServices
    let kind: ResourceKind
    let info: RequestInfo

    private var schema: ResourceSchema { services.resources.schema(kind) }

    private func projection(_ request: Request) throws -> ResponseProjection {
        try ResponseProjection(
            schema: schema, attributes: request.scimQueryParameter("attributes"),
            excludedAttributes: request.scimQueryParameter("excludedAttributes"))
    }

    private func options(_ projection: ResponseProjection) -> RenderOptions {
        services.resources.renderOptions(projection, kind: kind)
    }

    private func headers(_ resource: RenderedResource, location: Bool = false) -> HTTPFields {
        var fields = HTTPFields()
        fields[.eTag] = resource.etag
        if location { fields[.location] = resource.location }
        return fields
    }

    func list(_ request: Request) async throws -> Response {
        let search = try SearchRequest { request.scimQueryParameter($0) }
        return try await respondToSearch(search)
    }

    func respondToSearch(_ search: SearchRequest) async throws -> Response {
        let projection = try ResponseProjection(
            schema: schema, attributes: search.attributes, excludedAttributes: search.excludedAttributes)
        if search.cursor != nil {
            let page = try await services.resources.cursorPage(kind, search, info: info, options: options(projection))
            return SCIMResponse.cursorList(
                page.resources.map { .object(projection.apply(to: $0.object)) }, total: page.totalResults,
                nextCursor: page.nextCursor)
        }
        let query = ResourceQuery(
            filter: search.filter, sortBy: search.sortBy, descending: search.descending, startIndex: search.startIndex,
            count: search.count)
        let page = try await services.resources.query(kind, query, info: info, options: options(projection))
        return SCIMResponse.list(
            page.resources.map { .object(projection.apply(to: $0.object)) }, total: page.totalResults,
            startIndex: search.startIndex)
    }

    func get(_ request: Request, id: String) async throws -> Response {
        let projection = try projection(request)
        var renderOptions = options(projection)
        // Members as sent back to the checkers and identity providers: written straight into the
        // response when no attribute selection could reshape them (a 100 000-member group would
        // otherwise be built as 100 000 values, then projected, then serialized).
        renderOptions.membersSeparately = kind == .group && renderOptions.members && !Self.reshapesMembers(request)
        let resource = try await services.resources.get(kind, id: id, info: info, options: renderOptions)
        // RFC 7644 §3.14: a matching If-None-Match on a read answers 304 without a body.
        if let ifNoneMatch = request.headers[.ifNoneMatch], Preconditions.matches(ifNoneMatch, etag: resource.etag) {
            return Response(status: .notModified, headers: headers(resource))
        }
        if let members = resource.members {
            return SCIMResponse.json(
                .object(projection.apply(to: resource.object)), appending: "members",
                // members.display is returned on request only, and nothing was requested here.
                elements: members.lazy.map { $0.scimValue(baseURL: info.baseURL, withType: true, withDisplay: false) },
                count: members.count,
                headers: headers(resource, location: true))
        }
        return SCIMResponse.json(.object(projection.apply(to: resource.object)), headers: headers(resource, location: true))
    }

    /// True when `attributes` or `excludedAttributes` name a sub-attribute of `members`
    /// (`members.display`, `members.value`): then members go through the projection.
    static func reshapesMembers(_ request: Request) -> Bool {
        let core = "urn:ietf:params:scim:schemas:core:2.0:group:"
        for parameter in ["attributes", "excludedAttributes"] {
            guard let list = request.scimQueryParameter(parameter) else { continue }
            for item in list.split(separator: ",") {
                var name = item.trimmingCharacters(in: .whitespaces).lowercased()
                if name.hasPrefix(core) { name.removeFirst(core.count) }
                if name.hasPrefix("members.") || name.hasPrefix("members[") { return true }
            }
        }
        return false
    }

    /// The body is read inside the service call, so a body that cannot be read or parsed is
    /// refused and logged there like any other refused write.
    func create(_ request: Request, reading body: () async throws -> SCIMValue) async throws -> Response {
        let projection = try projection(request)
        let created = try await services.resources.create(kind, reading: body, info: info, options: options(projection))
        return SCIMResponse.json(
            .object(projection.apply(to: created.object)), status: .created, headers: headers(created, location: true))
    }

    func replace(_ request: Request, id: String, reading body: () async throws -> SCIMValue) async throws -> Response {
        let projection = try projection(request)
        let replaced = try await services.resources.replace(
            kind, id: id, reading: body, preconditions: preconditions(request), info: info, options: options(projection))
        return SCIMResponse.json(.object(projection.apply(to: replaced.object)), headers: headers(replaced, location: true))
    }

    func patch(_ request: Request, id: String, reading body: () async throws -> SCIMValue) async throws -> Response {
        let projection = try projection(request)
        let patched = try await services.resources.patch(
            kind, id: id, reading: body, preconditions: preconditions(request), info: info, options: options(projection))
        if patched.membersOmitted { return SCIMResponse.noContent(headers: headers(patched)) }
        return SCIMResponse.json(.object(projection.apply(to: patched.object)), headers: headers(patched, location: true))
    }

    func delete(_ request: Request, id: String) async throws -> Response {
        try await services.resources.delete(kind, id: id, preconditions: preconditions(request), info: info)
        return SCIMResponse.noContent()
    }

    private func preconditions(_ request: Request) -> Preconditions {
        Preconditions(ifMatch: request.headers[.ifMatch], ifNoneMatch: request.headers[.ifNoneMatch])
    }
}
