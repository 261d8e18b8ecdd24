import SCIM
import Store

extension ResourceService {
    /// The full SCIM representation: `schemas`, `id`, the stored body, `members` or `groups`,
    /// and `meta` (RFC 7643 §3.1).
    func render(
        _ record: ResourceRecord, kind: ResourceKind, tx: any StoreTransaction, info: RequestInfo, options: RenderOptions
    ) async throws -> RenderedResource {
        let location = "\(info.baseURL)/\(kind.endpoint)/\(record.id)"
        let etag = Preconditions.etag(version: record.version)
        var object = SCIMObject()
        var separateMembers: [MemberReference]?
        object["schemas"] = record.body["schemas"] ?? .array([.string(schema(kind).core.id)])
        object["id"] = .string(record.id)
        for entry in record.body where entry.key != "schemas" {
            object[entry.key] = entry.value
        }
        switch kind {
        case .group where options.members:
            let members = try await tx.members(groupSeq: record.seq)
            if options.membersSeparately {
                separateMembers = members
            } else if !members.isEmpty {
                object["members"] = .array(members.map { $0.scimValue(baseURL: info.baseURL, withType: true) })
            }
        case .user where options.groups:
            let groups = try await tx.groups(memberSeq: record.seq)
            if !groups.isEmpty {
                object["groups"] = .array(
                    groups.map {
                        var o = $0.scimValue(baseURL: info.baseURL, withType: false).objectValue ?? SCIMObject()
                        o["type"] = "direct"
                        return .object(o)
                    })
            }
        default: break
        }
        if kind == .user, options.assignments, schema(kind).isExtension(ScimdExtension.schemaID) {
            // Computed on every read; its attributes are returned on request only (docs/decisions/0003).
            object[ScimdExtension.schemaID] = .object(try await ScimdExtension.attributes(of: record, tx: tx))
            if case .array(var schemas)? = object["schemas"], !schemas.contains(.string(ScimdExtension.schemaID)) {
                schemas.append(.string(ScimdExtension.schemaID))
                object["schemas"] = .array(schemas)
            }
        }
        object["meta"] = [
            "resourceType": .string(kind.rawValue),
            "created": .string(SCIMDateTime.format(milliseconds: record.createdMs)),
            "lastModified": .string(SCIMDateTime.format(milliseconds: record.modifiedMs)),
            "location": .string(location),
            "version": .string(etag),
        ]
        var rendered = RenderedResource(object: object, etag: etag, location: location)
        rendered.members = separateMembers
        return rendered
    }

    /// Re-reads and renders a resource, so version and lastModified reflect every change made
    /// earlier in the same transaction.
    func renderCurrent(_ kind: ResourceKind, id: String, tx: any StoreTransaction, info: RequestInfo, options: RenderOptions)
        async throws -> RenderedResource
    {
        guard let record = try await tx.resource(tenantID: info.tenant.id, type: kind.rawValue, id: id) else {
            throw SCIMError.notFound(resourceType: kind.rawValue, id: id)
        }
        return try await render(record, kind: kind, tx: tx, info: info, options: options)
    }
}

extension MemberReference {
    /// The element of a group's `members` (or a user's `groups`) that names this resource.
    public func scimValue(baseURL: String, withType: Bool, withDisplay: Bool = true) -> SCIMValue {
        var o = SCIMObject()
        o["value"] = .string(id)
        o["$ref"] = .string("\(baseURL)/\(type)s/\(id)")
        if withDisplay, let display { o["display"] = .string(display) }
        if withType { o["type"] = .string(type) }
        return .object(o)
    }
}
