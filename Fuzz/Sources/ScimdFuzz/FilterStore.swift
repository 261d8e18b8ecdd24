import Foundation
import SCIM
import Store

/// A SQLite store in a temporary directory holding a few users and groups, with memberships and
/// assignments, and each resource as the server renders it, for the filter target.
///
/// The data is small (so one input costs a few queries over a dozen rows) but covers what the
/// compiler treats specially: indexed columns, `emails` in resource_values, members and groups in
/// group_members, the scimd extension in assignments (one suspended), non-ASCII and mixed case,
/// empty strings and objects, and a second tenant whose rows must never show up.
final class FilterStore: Sendable {
    let store: SQLiteStore
    let tenantID: Int64
    /// Rendered resources by type ("User", "Group"): id and the object the evaluator sees.
    let rendered: [String: [(id: String, object: SCIMObject)]]
    private let directory: URL

    static let baseURL = "https://scim.test/scim/v2"

    static let shared: FilterStore = {
        do {
            return try Blocking.run { try await FilterStore.make() }
        } catch {
            fatalError("cannot set up the filter fixture store: \(error)")
        }
    }()

    private init(store: SQLiteStore, tenantID: Int64, rendered: [String: [(id: String, object: SCIMObject)]], directory: URL) {
        self.store = store
        self.tenantID = tenantID
        self.rendered = rendered
        self.directory = directory
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// The fixture directory, for the exit handler (a C function pointer cannot capture it).
    nonisolated(unsafe) private static var removeAtExit: String?

    private static func make() async throws -> FilterStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // libFuzzer ends with exit(), which skips deinit, so the directory is removed at exit.
        removeAtExit = directory.path
        atexit {
            if let path = FilterStore.removeAtExit { try? FileManager.default.removeItem(atPath: path) }
        }
        // The derived attributes the server gives its store (Provisioning's StoreDerivations).
        let derived = DerivedAttributes(
            computed: [
                ComputedAttribute(schema: Schemas.scimd, name: "roles", source: .roles, whileSuspended: false),
                ComputedAttribute(schema: Schemas.scimd, name: "organization", source: .organization, whileSuspended: false),
                ComputedAttribute(schema: Schemas.scimd, name: "source", source: .resourceSource),
            ],
            memberships: MembershipAttributes(
                groupType: "Group", members: "members", memberTypes: ["User", "Group"], memberType: "User", groups: "groups"))
        let store = try SQLiteStore(
            path: directory.appendingPathComponent("fuzz.sqlite").path, configuration: .init(derivedAttributes: derived))
        let (tenant, rendered) = try await store.write { tx in
            let tenant = try await tx.createTenant(name: "fuzz", nowMs: 1).id
            let other = try await tx.createTenant(name: "other", nowMs: 1).id
            var records: [String: ResourceRecord] = [:]
            var order: [String] = []
            for (i, (id, type, body)) in FilterData.resources.enumerated() {
                let nowMs = 1_700_000_000_000 + Int64(i) * 86_400_123
                records[id] = try await tx.insertResource(
                    tenantID: tenant, type: type, id: id, body: body, keys: IndexKeys.derive(type: type, body: body),
                    nowMs: nowMs)
                order.append(id)
            }
            for (group, members) in FilterData.memberships {
                guard let g = records[group] else { continue }
                _ = try await tx.addMembers(groupSeq: g.seq, memberSeqs: members.compactMap { records[$0]?.seq })
            }
            for a in FilterData.assignments {
                guard let user = records[a.user] else { continue }
                try await tx.saveAssignment(
                    AssignmentRecord(
                        userSeq: user.seq,
                        roles: a.roles.enumerated().map { AssignedRole(role: $1, mappingID: Int64($0 + 1), group: "Tour Guides") },
                        organization: a.organization, suspended: a.suspended, updatedMs: 1),
                    tenantID: tenant)
            }
            // The other tenant reuses ids, names and a membership; none of it may match.
            let twin = try await tx.insertResource(
                tenantID: other, type: "User", id: "u-1", body: FilterData.resources[0].2,
                keys: IndexKeys.derive(type: "User", body: FilterData.resources[0].2), nowMs: 5)
            let twinGroup = try await tx.insertResource(
                tenantID: other, type: "Group", id: "g-empty",
                body: FilterData.object(["schemas": [.string(Schemas.coreGroup)], "displayName": "Nobody"]),
                keys: IndexKeys.derive(type: "Group", body: FilterData.object(["displayName": "Nobody"])), nowMs: 5)
            _ = try await tx.addMembers(groupSeq: twinGroup.seq, memberSeqs: [twin.seq])
            try await tx.saveAssignment(
                AssignmentRecord(
                    userSeq: twin.seq, roles: [AssignedRole(role: "Intruder", mappingID: 99, group: "Nobody")],
                    organization: "Elsewhere", suspended: false, updatedMs: 1),
                tenantID: other)

            var rendered: [String: [(id: String, object: SCIMObject)]] = [:]
            for id in order {
                guard let record = records[id] else { continue }
                rendered[record.type, default: []].append((id, try await render(record, tx: tx)))
            }
            return (tenant, rendered)
        }
        return FilterStore(store: store, tenantID: tenant, rendered: rendered, directory: directory)
    }

    /// The resource as ResourceService.render builds it (Sources/Provisioning/Resources), with
    /// every attribute present: body, id, members or groups, the scimd extension, meta.
    private static func render(_ record: ResourceRecord, tx: any StoreTransaction) async throws -> SCIMObject {
        var object = SCIMObject()
        object["schemas"] = record.body["schemas"] ?? .array([.string(record.type == "User" ? Schemas.coreUser : Schemas.coreGroup)])
        object["id"] = .string(record.id)
        for entry in record.body where entry.key != "schemas" { object[entry.key] = entry.value }
        if record.type == "Group" {
            let members = try await tx.members(groupSeq: record.seq)
            if !members.isEmpty { object["members"] = .array(members.map { reference($0, type: .string($0.type)) }) }
        } else {
            let groups = try await tx.groups(memberSeq: record.seq)
            if !groups.isEmpty { object["groups"] = .array(groups.map { reference($0, type: "direct") }) }
            var scimd = SCIMObject()
            if let assignment = try await tx.assignment(userSeq: record.seq), !assignment.suspended {
                if !assignment.roles.isEmpty { scimd["roles"] = .array(assignment.roles.map { .string($0.role) }) }
                if let organization = assignment.organization { scimd["organization"] = .string(organization) }
            }
            scimd["source"] = "scim"
            object[Schemas.scimd] = .object(scimd)
        }
        let location = "\(baseURL)/\(record.type)s/\(record.id)"
        object["meta"] = [
            "resourceType": .string(record.type),
            "created": .string(SCIMDateTime.format(milliseconds: record.createdMs)),
            "lastModified": .string(SCIMDateTime.format(milliseconds: record.modifiedMs)),
            "location": .string(location),
            "version": .string("W/\"\(record.version)\""),
        ]
        return object
    }

    /// A `members` or `groups` element (MemberReference.scimValue in Provisioning).
    private static func reference(_ member: MemberReference, type: SCIMValue) -> SCIMValue {
        var o = SCIMObject()
        o["value"] = .string(member.id)
        o["$ref"] = .string("\(baseURL)/\(member.type)s/\(member.id)")
        if let display = member.display { o["display"] = .string(display) }
        o["type"] = type
        return .object(o)
    }
}
