import Foundation
import Hummingbird
import NIOCore
import Provisioning
import SCIM
import Store

/// `/admin/v1`: the operator's API over the same services as scimctl — roles, organizations,
/// mappings, users with their effective assignment, open mapping errors and the sync log.
/// Authenticated with an admin token (`scimctl tokens create --kind admin`), never a SCIM token.
struct AdminController: Sendable {
    static let basePath = "/admin/v1"
    let services: ProvisioningServices
    let configuration: ServerConfiguration

    func addRoutes(to router: Router<ScimdRequestContext>) {
        for method in [HTTPRequest.Method.get, .post, .delete] {
            router.on("\(Self.basePath)/**", method: method) { request, context in
                do {
                    return try await handle(request, context: context)
                } catch let error as AdminError {
                    let status: Int
                    switch error.kind {
                    case .notFound: status = 404
                    case .invalid: status = 400
                    case .conflict: status = 409
                    }
                    throw SCIMError(status: status, detail: error.message)
                }
            }
        }
    }

    private func handle(_ request: Request, context: ScimdRequestContext) async throws -> Response {
        let info = try await authenticate(request, context: context)
        let segments = request.uri.path.dropFirst(Self.basePath.count).split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let query = request.uri.queryParameters
        let mappings = services.mappings
        switch (request.method, segments.first ?? "", segments.count) {
        case (.get, "roles", 1):
            return Self.json(.array(try await mappings.roles(tenant: info.tenant).map(Self.json)))
        case (.post, "roles", 1):
            let body = try await readObject(request)
            let role = try await mappings.createRole(name: try Self.string(body, "name"), description: body["description"]?.stringValue, info: info)
            return Self.json(Self.json(role), status: .created)
        case (.delete, "roles", 2):
            _ = try await mappings.deleteRole(name: segments[1], info: info)
            return Response(status: .noContent)
        case (.get, "organizations", 1):
            let orgs = try await mappings.organizations(tenant: info.tenant)
            let names = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, $0.name) })
            return Self.json(.array(orgs.map { Self.json($0, parent: $0.parentID.flatMap { names[$0] }) }))
        case (.post, "organizations", 1):
            let body = try await readObject(request)
            let parent = body["parent"]?.stringValue
            let org = try await mappings.createOrganization(name: try Self.string(body, "name"), parent: parent, info: info)
            return Self.json(Self.json(org, parent: parent), status: .created)
        case (.delete, "organizations", 2):
            _ = try await mappings.deleteOrganization(name: segments[1], info: info)
            return Response(status: .noContent)
        case (.get, "mappings", 1):
            return Self.json(.array(try await mappings.mappings(tenant: info.tenant).map(Self.json)))
        case (.post, "mappings", 1):
            let body = try await readObject(request)
            guard let kind = MappingKind(rawValue: try Self.string(body, "kind")) else {
                throw AdminError(.invalid, "'kind' must be 'role' or 'organization'.")
            }
            var priority = 100
            if let p = body["priority"] {
                guard case .integer(let n) = p else { throw AdminError(.invalid, "'priority' must be an integer.") }
                priority = n
            }
            let mapping = try await mappings.addMapping(
                kind: kind, group: try Self.string(body, "group"), target: try Self.string(body, "target"), priority: priority, info: info)
            return Self.json(Self.json(mapping), status: .created)
        case (.delete, "mappings", 2):
            guard let id = Int64(segments[1]) else { throw AdminError(.invalid, "A mapping id is a number.") }
            _ = try await mappings.removeMapping(id: id, info: info)
            return Response(status: .noContent)
        case (.get, "users", 2):
            return Self.json(Self.json(try await mappings.assignment(of: segments[1], tenant: info.tenant)))
        case (.get, "errors", 1):
            return Self.json(.array(try await mappings.openErrors(tenant: info.tenant).map(Self.json)))
        case (.get, "log", 1):
            var logQuery = try SyncLogQuery.parse(
                since: query.get("since"), until: query.get("until"), status: query.get("status"), user: query.get("user"),
                group: query.get("group"), operation: query.get("operation"), limit: query.get("limit").flatMap { Int($0) } ?? 100,
                nowMs: services.clock.nowMs())
            logQuery.tenantID = info.tenant.id
            return Self.json(.array(try await services.syncLog.entries(logQuery).map(\.json)))
        default:
            throw SCIMError.notFound("No admin endpoint \(request.method) \(request.uri.path)")
        }
    }

    private func authenticate(_ request: Request, context: ScimdRequestContext) async throws -> RequestInfo {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
            let token = try await services.tenants.authenticate(secret: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces), kind: .admin)
        else {
            throw SCIMError.unauthorized("An admin token is required: scimctl tokens create --kind admin --name LABEL")
        }
        return RequestInfo(
            tenant: TenantRecord(id: token.tenantID, name: token.tenantName, createdMs: 0), correlationID: context.correlationID,
            client: "admin:\(token.name)", sourceAddress: context.sourceAddress, baseURL: context.scimBaseURL(configuration))
    }

    private func readObject(_ request: Request) async throws -> SCIMObject {
        let buffer = try await request.collectSCIMBody(
            upTo: 64 * 1024, tooLarge: .payloadTooLarge("Admin request bodies are limited to 64 KiB"))
        guard case .object(let object) = try buffer.withUnsafeReadableBytes({ try SCIMValue(parsing: $0) }) else {
            throw AdminError(.invalid, "The body must be a JSON object.")
        }
        return object
    }

    // MARK: JSON

    static func json(_ value: SCIMValue, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }

    static func string(_ body: SCIMObject, _ key: String) throws -> String {
        guard let value = body[key]?.stringValue else { throw AdminError(.invalid, "'\(key)' is required and must be a string.") }
        return value
    }

    static func json(_ role: RoleRecord) -> SCIMValue {
        ["id": .integer(Int(role.id)), "name": .string(role.name), "description": role.description.map { .string($0) } ?? .null]
    }

    static func json(_ org: OrganizationRecord, parent: String?) -> SCIMValue {
        ["id": .integer(Int(org.id)), "name": .string(org.name), "parent": parent.map { .string($0) } ?? .null]
    }

    static func json(_ m: MappingRecord) -> SCIMValue {
        [
            "id": .integer(Int(m.id)), "kind": .string(m.kind.rawValue), "group": .string(m.groupRef),
            "target": .string(m.targetName), "priority": .integer(m.priority),
        ]
    }

    static func json(_ e: MappingErrorRecord) -> SCIMValue {
        [
            "user": e.userName.map { .string($0) } ?? .null,
            "kind": .string(e.kind.rawValue), "group": .string(e.groupName), "target": .string(e.targetName),
            "mapping": e.mappingID.map { .integer(Int($0)) } ?? .null, "reason": .string(e.reason),
            "logEntry": .integer(Int(e.logSeq)), "since": .string(SCIMDateTime.format(milliseconds: e.createdMs)),
        ]
    }

    static func json(_ a: MappingService.UserAssignment) -> SCIMValue {
        [
            "id": .string(a.userID), "userName": .string(a.userName), "active": .bool(a.active), "suspended": .bool(a.suspended),
            "roles": .array(a.roles.map { ["role": .string($0.role), "group": .string($0.group), "mapping": .integer(Int($0.mappingID))] }),
            "organization": a.organization.map { .string($0) } ?? .null,
            "errors": .array(a.errors.map(json)),
        ]
    }
}
