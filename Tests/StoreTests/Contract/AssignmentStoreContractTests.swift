import SCIM
import Store
import Testing

@Suite("Store contract: AssignmentStore")
struct AssignmentStoreContractTests {
    @Test("an assignment is saved, read back, replaced, and goes with its user", arguments: StoreFactory.all)
    func assignments(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (t, ada) = try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                return (t, try await tx.insertUser(tenant: t, "ada"))
            }
            #expect(try await store.read { try await $0.assignment(userSeq: ada.seq) } == nil)
            let first = AssignmentRecord(
                userSeq: ada.seq,
                roles: [AssignedRole(role: "Admin", mappingID: 4, group: "Staff"), AssignedRole(role: "Ops", mappingID: 5, group: "Ops")],
                organization: "Research", suspended: false, updatedMs: 10)
            try await store.write { try await $0.saveAssignment(first, tenantID: t) }
            #expect(try await store.read { try await $0.assignment(userSeq: ada.seq) } == first)
            let second = AssignmentRecord(userSeq: ada.seq, roles: [], organization: nil, suspended: true, updatedMs: 20)
            try await store.write { try await $0.saveAssignment(second, tenantID: t) }
            #expect(try await store.read { try await $0.assignment(userSeq: ada.seq) } == second)
            try await store.write { try await $0.deleteResource(seq: ada.seq) }
            #expect(try await store.read { try await $0.assignment(userSeq: ada.seq) } == nil)
        }
    }

    @Test("hasMappingState is false until the tenant has a mapping, a held assignment or an open error", arguments: StoreFactory.all)
    func mappingState(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            try await store.write { tx async throws in
                var tenants: [Int64] = []
                var users: [Int64] = []
                for name in ["empty", "mapping", "assignment", "suspended", "error"] {
                    let t = try await tx.createTenant(name: name, nowMs: 1).id
                    tenants.append(t)
                    users.append(try await tx.insertUser(tenant: t, "u").seq)
                }
                // An assignment that grants nothing is no state.
                try await tx.saveAssignment(
                    AssignmentRecord(userSeq: users[0], roles: [], organization: nil, suspended: false, updatedMs: 1),
                    tenantID: tenants[0])
                _ = try await tx.insertMapping(
                    tenantID: tenants[1], kind: .role, groupRef: "g", targetName: "r", priority: 100, nowMs: 1)
                try await tx.saveAssignment(
                    AssignmentRecord(userSeq: users[2], roles: [], organization: "Org", suspended: false, updatedMs: 1),
                    tenantID: tenants[2])
                try await tx.saveAssignment(
                    AssignmentRecord(userSeq: users[3], roles: [], organization: nil, suspended: true, updatedMs: 1),
                    tenantID: tenants[3])
                try await tx.insertMappingError(Self.error(user: users[4], target: "r"), tenantID: tenants[4])
                var states: [Bool] = []
                for t in tenants { states.append(try await tx.hasMappingState(tenantID: t)) }
                #expect(states == [false, true, true, true, true])
            }
        }
    }

    @Test("a group reference reaches the users of groups with that displayName (any case) or externalId", arguments: StoreFactory.all)
    func whoAMappingReaches(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                let other = try await tx.createTenant(name: "o", nowMs: 1).id
                var u: [ResourceRecord] = []
                for i in 0..<4 { u.append(try await tx.insertUser(tenant: t, "u\(i)")) }
                let staff = try await tx.insert(tenant: t, type: "Group", body: Self.group("Staff", externalID: "ext-1"))
                // Its externalId equals the other group's name: both match "staff", a member of both counts once.
                let sales = try await tx.insert(tenant: t, type: "Group", body: Self.group("Sales", externalID: "staff"))
                let nested = try await tx.insertGroup(tenant: t, "nested")
                _ = try await tx.addMembers(groupSeq: staff.seq, memberSeqs: [u[2].seq, u[0].seq, nested.seq])
                _ = try await tx.addMembers(groupSeq: sales.seq, memberSeqs: [u[0].seq, u[3].seq])
                let twin = try await tx.insertUser(tenant: other, "u0")
                let otherStaff = try await tx.insertGroup(tenant: other, "Staff")
                _ = try await tx.addMembers(groupSeq: otherStaff.seq, memberSeqs: [twin.seq])

                // Users only: the nested group is not a user.
                #expect(Set(try await tx.memberSeqs(tenantID: t, groupRef: "STAFF")) == [u[0].seq, u[2].seq])
                let both = try await tx.memberSeqs(tenantID: t, groupRef: "staff")
                #expect(both.count == 3 && Set(both) == [u[0].seq, u[2].seq, u[3].seq])
                #expect(Set(try await tx.memberSeqs(tenantID: t, groupRef: "ext-1")) == [u[0].seq, u[2].seq])
                // externalId is compared exactly.
                #expect(try await tx.memberSeqs(tenantID: t, groupRef: "EXT-1").isEmpty)
                #expect(try await tx.memberSeqs(tenantID: t, groupRef: "nobody").isEmpty)
                #expect(try await tx.memberSeqs(tenantID: other, groupRef: "staff") == [twin.seq])

                // Paged: ascending, above `after`, at most `limit`.
                let ordered = [u[0].seq, u[2].seq, u[3].seq].sorted()
                #expect(try await tx.memberSeqs(tenantID: t, groupRef: "staff", after: 0, limit: 2) == Array(ordered.prefix(2)))
                #expect(try await tx.memberSeqs(tenantID: t, groupRef: "staff", after: ordered[1], limit: 2) == [ordered[2]])
                #expect(try await tx.memberSeqs(tenantID: t, groupRef: "staff", after: ordered[2], limit: 2).isEmpty)

                let identities = try await tx.groupIdentities(memberSeq: u[0].seq)
                #expect(identities.map(\.seq) == [staff.seq, sales.seq])
                #expect(identities.map(\.displayName) == ["Staff", "Sales"])
                #expect(identities.map(\.externalID) == ["ext-1", "staff"])
                #expect(try await tx.groupIdentities(memberSeq: u[1].seq).isEmpty)
                #expect(try await tx.groupIdentities(memberSeq: nested.seq).map(\.displayName) == ["Staff"])
            }
        }
    }

    @Test("mapping errors are inserted, replaced per user, group and target, listed, and deleted", arguments: StoreFactory.all)
    func mappingErrors(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                let ada = try await tx.insertUser(tenant: t, "ada")
                let bob = try await tx.insertUser(tenant: t, "bob")
                try await tx.insertMappingError(Self.error(user: ada.seq, target: "admin", reason: "missing"), tenantID: t)
                try await tx.insertMappingError(Self.error(user: bob.seq, target: "admin"), tenantID: t)
                try await tx.insertMappingError(Self.error(user: ada.seq, kind: .organization, target: "admin"), tenantID: t)

                let adas = try await tx.mappingErrors(userSeq: ada.seq)
                #expect(adas.map(\.kind) == [.role, .organization])
                let first = try #require(adas.first)
                #expect(first.userSeq == ada.seq && first.groupKey == "staff" && first.groupName == "Staff")
                #expect(first.targetKey == "admin" && first.targetName == "Admin" && first.mappingID == 7)
                #expect(first.reason == "missing" && first.logSeq == 42 && first.createdMs == 9)
                let all = try await tx.mappingErrors(tenantID: t)
                #expect(all.map(\.userName) == ["ada", "bob", "ada"])

                #expect(Set(try await tx.userSeqsWithMappingErrors(tenantID: t, kind: .role, targetKey: "admin")) == [ada.seq, bob.seq])
                #expect(try await tx.userSeqsWithMappingErrors(tenantID: t, kind: .organization, targetKey: "admin") == [ada.seq])
                #expect(try await tx.userSeqsWithMappingErrors(tenantID: t, kind: .role, targetKey: "other").isEmpty)
                let ordered = [ada.seq, bob.seq].sorted()
                #expect(
                    try await tx.userSeqsWithMappingErrors(tenantID: t, kind: .role, targetKey: "admin", after: 0, limit: 1)
                        == [ordered[0]])
                #expect(
                    try await tx.userSeqsWithMappingErrors(tenantID: t, kind: .role, targetKey: "admin", after: ordered[0], limit: 5)
                        == [ordered[1]])

                // The same user, kind, group and target replaces the open error rather than adding one.
                try await tx.insertMappingError(Self.error(user: ada.seq, target: "admin", reason: "deleted"), tenantID: t)
                let replaced = try await tx.mappingErrors(userSeq: ada.seq)
                #expect(replaced.count == 2)
                #expect(replaced.filter { $0.kind == .role }.map(\.reason) == ["deleted"])

                let bobs = try #require(try await tx.mappingErrors(userSeq: bob.seq).first)
                try await tx.deleteMappingError(id: bobs.id)
                #expect(try await tx.mappingErrors(userSeq: bob.seq).isEmpty)
                // Deleting one that is gone is not an error.
                try await tx.deleteMappingError(id: bobs.id)

                // A deleted user's errors go with it.
                try await tx.deleteResource(seq: ada.seq)
                #expect(try await tx.mappingErrors(tenantID: t).isEmpty)
                #expect(try await tx.userSeqsWithMappingErrors(tenantID: t, kind: .organization, targetKey: "admin").isEmpty)
            }
        }
    }

    private static func error(user: Int64, kind: MappingKind = .role, target: String, reason: String = "missing")
        -> MappingErrorRecord
    {
        MappingErrorRecord(
            userSeq: user, kind: kind, groupKey: "staff", groupName: "Staff", targetKey: target, targetName: "Admin",
            mappingID: 7, reason: reason, logSeq: 42, createdMs: 9)
    }

    private static func group(_ displayName: String, externalID: String) -> SCIMObject {
        SCIMObject([
            .init(key: "schemas", value: ["urn:ietf:params:scim:schemas:core:2.0:Group"]),
            .init(key: "displayName", value: .string(displayName)),
            .init(key: "externalId", value: .string(externalID)),
        ])
    }
}
