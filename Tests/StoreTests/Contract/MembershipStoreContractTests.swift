import Store
import Testing

@Suite("Store contract: MembershipStore")
struct MembershipStoreContractTests {
    @Test("members are added once, removed, counted, and go away with either side", arguments: StoreFactory.all)
    func membership(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                let u1 = try await tx.insertUser(tenant: t, "u1")
                let u2 = try await tx.insertUser(tenant: t, "u2")
                let u3 = try await tx.insertUser(tenant: t, "u3")
                let g = try await tx.insertGroup(tenant: t, "g")
                let nested = try await tx.insertGroup(tenant: t, "nested")
                #expect(try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u1.seq, u2.seq, nested.seq]) == [u1.seq, u2.seq, nested.seq])
                // Idempotent: only the members not yet present are reported.
                #expect(try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u2.seq, u3.seq]) == [u3.seq])
                #expect(try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u3.seq]).isEmpty)
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 1_000) == 4)
                let members = try await tx.members(groupSeq: g.seq)
                #expect(members.map(\.id) == [u1.id, u2.id, u3.id, nested.id])
                #expect(members.map(\.type) == ["User", "User", "User", "Group"])
                #expect(members.map(\.display) == ["u1", "u2", "u3", "nested"])
                #expect(members.map(\.seq) == [u1.seq, u2.seq, u3.seq, nested.seq])
                #expect(Set(try await tx.memberSeqs(groupSeq: g.seq)) == [u1.seq, u2.seq, u3.seq, nested.seq])
                #expect(try await tx.groups(memberSeq: u2.seq).map(\.id) == [g.id])
                #expect(try await tx.groups(memberSeq: nested.seq).map(\.display) == ["g"])

                // Only members present are reported, each once.
                #expect(try await tx.removeMembers(groupSeq: g.seq, memberSeqs: [u1.seq, u1.seq, u3.seq]) == [u1.seq, u3.seq])
                #expect(try await tx.removeMembers(groupSeq: g.seq, memberSeqs: [u1.seq]).isEmpty)
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 1_000) == 2)
                #expect(try await tx.groups(memberSeq: u1.seq).isEmpty)

                // Deleting a member removes it from every group.
                try await tx.deleteResource(seq: u2.seq)
                #expect(try await tx.members(groupSeq: g.seq).map(\.id) == [nested.id])
                try await tx.deleteResource(seq: nested.seq)
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 1_000) == 0)

                // Deleting the group removes its memberships; the users stay.
                #expect(try await tx.addMembers(groupSeq: g.seq, memberSeqs: [u3.seq]) == [u3.seq])
                #expect(try await tx.groups(memberSeq: u3.seq).map(\.id) == [g.id])
                try await tx.deleteResource(seq: g.seq)
                #expect(try await tx.groups(memberSeq: u3.seq).isEmpty)
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 1_000) == 0)
                #expect(try await tx.count(tenantID: t, type: "User") == 2)
                await #expect(throws: StoreError.notFound) { try await tx.deleteResource(seq: g.seq) }

                let g2 = try await tx.insertGroup(tenant: t, "g2")
                _ = try await tx.addMembers(groupSeq: g2.seq, memberSeqs: [u1.seq, u3.seq])
                #expect(Set(try await tx.removeAllMembers(groupSeq: g2.seq)) == [u1.seq, u3.seq])
                #expect(try await tx.memberCount(groupSeq: g2.seq, upTo: 1_000) == 0)
                #expect(try await tx.removeAllMembers(groupSeq: g2.seq).isEmpty)
            }
        }
    }

    @Test("memberCount stops at its limit; a member's display is displayName, else userName", arguments: StoreFactory.all)
    func countAndDisplay(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                let g = try await tx.insertGroup(tenant: t, "g")
                var seqs: [Int64] = []
                for i in 0..<5 { seqs.append(try await tx.insertUser(tenant: t, "u\(i)").seq) }
                let named = try await tx.insert(tenant: t, type: "User", body: user("grace", [("displayName", "Grace Hopper")]))
                _ = try await tx.addMembers(groupSeq: g.seq, memberSeqs: seqs + [named.seq])
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 3) == 3)
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 6) == 6)
                #expect(try await tx.memberCount(groupSeq: g.seq, upTo: 100) == 6)
                #expect(try await tx.members(groupSeq: g.seq).last?.display == "Grace Hopper")
                #expect(try await tx.members(groupSeq: g.seq).first?.display == "u0")
            }
        }
    }
}
