import SCIM
import Store

/// Users and groups in one tenant of a store, with memberships and assignments, and every
/// resource as the server renders it (ResourceService.render in Provisioning): the stored body,
/// `id`, `members` (Group) or `groups` and the scimd extension (User), and `meta`. The filter
/// property tests compare `query(...)` with `Filter.matches` on these renderings.
struct DirectoryFixture {
    var tenant: Int64
    var users: [(id: String, rendered: SCIMObject)]
    var groups: [(id: String, rendered: SCIMObject)]

    static let baseURL = "https://scim.test/scim/v2"

    /// Inserts everything in one write transaction, then renders it from the store.
    static func load(
        _ store: SQLiteStore, users: [GeneratedUser], groups: [GeneratedGroup], assignments: [GeneratedAssignment]
    ) async throws -> DirectoryFixture {
        try await store.write { tx in
            let tenant = try await tx.createTenant(name: "directory", nowMs: 1).id
            let other = try await tx.createTenant(name: "elsewhere", nowMs: 1).id
            var userRecords: [ResourceRecord] = []
            for (i, u) in users.enumerated() {
                // Every third user is local (requirements §9), so `source eq "local"` selects some.
                let source: ResourceSource = i % 3 == 1 ? .local : .scim
                userRecords.append(
                    try await tx.insert(tenant: tenant, type: "User", id: u.id, body: u.body, source: source, nowMs: u.nowMs))
            }
            var groupRecords: [ResourceRecord] = []
            for g in groups {
                let record = try await tx.insert(tenant: tenant, type: "Group", id: g.id, body: g.body, nowMs: g.nowMs)
                let seqs = g.memberUsers.map { userRecords[$0].seq } + g.memberGroups.map { groupRecords[$0].seq }
                _ = try await tx.addMembers(groupSeq: record.seq, memberSeqs: seqs)
                groupRecords.append(record)
            }
            for a in assignments {
                try await tx.saveAssignment(
                    AssignmentRecord(
                        userSeq: userRecords[a.user].seq,
                        roles: a.roles.enumerated().map { AssignedRole(role: $1, mappingID: Int64($0 + 1), group: "g") },
                        organization: a.organization, suspended: a.suspended, updatedMs: 1),
                    tenantID: tenant)
            }
            // The same ids in another tenant, a member and an assignment included: none may leak into results.
            if let u = users.first, let g = groups.first {
                let twin = try await tx.insert(tenant: other, type: "User", id: u.id, body: u.body, nowMs: u.nowMs)
                let twinGroup = try await tx.insert(tenant: other, type: "Group", id: g.id, body: g.body, nowMs: g.nowMs)
                _ = try await tx.addMembers(groupSeq: twinGroup.seq, memberSeqs: [twin.seq])
                try await tx.saveAssignment(
                    AssignmentRecord(
                        userSeq: twin.seq, roles: [AssignedRole(role: "Admin", mappingID: 1, group: "g")],
                        organization: "Elsewhere", suspended: false, updatedMs: 1),
                    tenantID: other)
            }
            var renderedUsers: [(id: String, rendered: SCIMObject)] = []
            for r in userRecords { renderedUsers.append((r.id, try await render(r, tx: tx))) }
            var renderedGroups: [(id: String, rendered: SCIMObject)] = []
            for r in groupRecords { renderedGroups.append((r.id, try await render(r, tx: tx))) }
            return DirectoryFixture(tenant: tenant, users: renderedUsers, groups: renderedGroups)
        }
    }

    private static func render(_ record: ResourceRecord, tx: any StoreTransaction) async throws -> SCIMObject {
        var o = SCIMObject()
        o["schemas"] = record.body["schemas"]
        o["id"] = .string(record.id)
        for entry in record.body where entry.key != "schemas" { o[entry.key] = entry.value }
        if record.type == "Group" {
            let members = try await tx.members(groupSeq: record.seq)
            if !members.isEmpty { o["members"] = .array(members.map { element($0, type: .string($0.type)) }) }
        } else {
            let groups = try await tx.groups(memberSeq: record.seq)
            if !groups.isEmpty { o["groups"] = .array(groups.map { element($0, type: "direct") }) }
            // ScimdExtension.attributes: an inactive user's assignment grants nothing (requirements §9).
            var scimd = SCIMObject()
            if let a = try await tx.assignment(userSeq: record.seq), !a.suspended {
                if !a.roles.isEmpty { scimd["roles"] = .array(a.roles.map { .string($0.role) }) }
                if let organization = a.organization { scimd["organization"] = .string(organization) }
            }
            scimd["source"] = .string(record.source.rawValue)
            o[scimdURN] = .object(scimd)
        }
        o["meta"] = [
            "resourceType": .string(record.type),
            "created": .string(SCIMDateTime.format(milliseconds: record.createdMs)),
            "lastModified": .string(SCIMDateTime.format(milliseconds: record.modifiedMs)),
            "location": .string("\(baseURL)/\(record.type)s/\(record.id)"),
            "version": .string("W/\"\(record.version)\""),
        ]
        return o
    }

    /// An element of `members` or `groups` (MemberReference.scimValue).
    private static func element(_ m: MemberReference, type: SCIMValue) -> SCIMValue {
        var o = SCIMObject()
        o["value"] = .string(m.id)
        o["$ref"] = .string("\(baseURL)/\(m.type)s/\(m.id)")
        if let display = m.display { o["display"] = .string(display) }
        o["type"] = type
        return .object(o)
    }
}
