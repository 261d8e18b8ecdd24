import Foundation
import SCIM
import Testing

/// requirements §3: a bearer token belongs to one tenant, and a request can never read or change
/// another tenant's data — not by id, not by filter, not through group members or /Bulk.
@Suite("Tenant isolation")
struct TenantIsolationTests {
    /// Tenant B's resources, created with B's token; `scim` keeps acting as tenant A.
    struct Fixture: Sendable {
        let tokenB: String
        let userB: SCIMTestResponse
        let groupB: SCIMTestResponse
    }

    static func fixture(_ scim: SCIMTestClient) async throws -> Fixture {
        let tokenB = try await scim.token(forNewTenant: "tenant-b")
        let userB = try await scim.createUser(
            "shared@example.com", externalId: "ext-b",
            extra: ["emails": [["type": "work", "value": "b-only@example.com"]]], token: tokenB)
        #expect(userB.status == 201)
        let groupB = try await scim.createGroup("Group B", members: [userB.id], token: tokenB)
        #expect(groupB.status == 201)
        // Joining the group changed the user's representation (`groups`) and so its version.
        let joined = try await scim.request(.get, "Users/\(userB.id)", token: tokenB)
        return Fixture(tokenB: tokenB, userB: joined, groupB: groupB)
    }

    @Test("tenant A cannot read, replace, patch or delete tenant B's users and groups")
    func noAccessByID() async throws {
        try await TestServer.run { scim in
            let b = try await Self.fixture(scim)
            for (endpoint, resource) in [("Users", b.userB), ("Groups", b.groupB)] {
                let path = "\(endpoint)/\(resource.id)"
                let read = try await scim.request(.get, path)
                #expect(read.status == 404)
                #expect(read.isSCIMError)
                #expect(!read.raw.contains("shared@example.com") && !read.raw.contains("Group B"))
                let body: SCIMValue =
                    endpoint == "Users"
                    ? ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "hijacked@example.com"]
                    : [
                        "schemas": [.string(SCIMTestClient.groupSchema)], "displayName": "Hijacked",
                        "members": [],
                    ]
                #expect(try await scim.request(.put, path, json: body).status == 404)
                #expect(
                    try await scim.request(
                        .put, path, json: body, headers: SCIMTestClient.header(.ifMatch, "*")
                    ).status == 404)
                let patch = try await scim.patch(
                    path, [["op": "replace", "path": "externalId", "value": "hijacked"]])
                #expect(patch.status == 404)
                #expect(try await scim.patch(path, [["op": "remove", "path": "members"]]).status == 404)
                #expect(try await scim.request(.delete, path).status == 404)

                // Tenant B still sees its resource exactly as it was.
                let own = try await scim.request(.get, path, token: b.tokenB)
                #expect(own.status == 200)
                #expect(own.etag == resource.etag)
                #expect(own["externalId"] == resource["externalId"])
            }
            #expect(try await scim.memberIDs(ofGroup: b.groupB.id).isEmpty)
            #expect(
                try await scim.request(.get, "Groups/\(b.groupB.id)", token: b.tokenB).memberIDs == [
                    b.userB.id
                ])
        }
    }

    @Test(
        "tenant A's filters never find tenant B's resources",
        arguments: [
            ("Users", #"userName eq "shared@example.com""#),
            ("Users", #"externalId eq "ext-b""#),
            ("Users", #"emails.value eq "b-only@example.com""#),
            ("Users", #"emails[type eq "work" and value sw "b-only"]"#),
            ("Users", #"id eq "%USER%""#),
            ("Groups", #"displayName eq "Group B""#),
            ("Groups", #"members[value eq "%USER%"]"#),
            ("Groups", #"id eq "%GROUP%""#),
        ])
    func noDiscoveryByFilter(_ endpoint: String, _ template: String) async throws {
        try await TestServer.run { scim in
            let b = try await Self.fixture(scim)
            let filter = template.replacingOccurrences(of: "%USER%", with: b.userB.id)
                .replacingOccurrences(of: "%GROUP%", with: b.groupB.id)
            let fromA = try await scim.list(endpoint, filter: filter)
            #expect(fromA.status == 200)
            #expect(fromA.totalResults == 0)
            #expect(fromA.resources.isEmpty)
            let searched = try await scim.request(.post, ".search", json: ["filter": .string(filter)])
            #expect(searched.totalResults == 0)
            // The same filter does find it for tenant B, so the filter itself is sound.
            let fromB = try await scim.list(endpoint, filter: filter, token: b.tokenB)
            #expect(fromB.totalResults == 1)
        }
    }

    @Test("tenant A cannot add tenant B's user or group as a member (400)")
    func noCrossTenantMembers() async throws {
        try await TestServer.run { scim in
            let b = try await Self.fixture(scim)
            let groupA = try await scim.createGroup("Group A")
            for foreign in [b.userB.id, b.groupB.id] {
                let added = try await scim.patch("Groups/\(groupA.id)", [EntraBodies.addMembers([foreign])])
                #expect(added.status == 400)
                #expect(added.scimType == "invalidValue")
                #expect(added.detail.contains(foreign))
                let created = try await scim.createGroup("Sneaky \(foreign)", members: [foreign])
                #expect(created.status == 400)
                let put = try await scim.request(
                    .put, "Groups/\(groupA.id)",
                    json: [
                        "schemas": [.string(SCIMTestClient.groupSchema)], "displayName": "Group A",
                        "members": [["value": .string(foreign)]],
                    ])
                #expect(put.status == 400)
            }
            #expect(try await scim.memberIDs(ofGroup: groupA.id).isEmpty)
            #expect(try await scim.list("Groups").totalResults == 1)
        }
    }

    @Test("the same userName and group name exist in both tenants; totals count only the caller's")
    func sameNamesAndTotals() async throws {
        try await TestServer.run { scim in
            let b = try await Self.fixture(scim)
            let userA = try await scim.createUser("SHARED@example.com")
            #expect(userA.status == 201)
            #expect(userA.id != b.userB.id)
            #expect(try await scim.createGroup("Group B").status == 201)
            for i in 0..<3 { try await scim.createUser("a\(i)@example.com") }

            #expect(try await scim.list("Users").totalResults == 4)
            #expect(try await scim.list("Users", token: b.tokenB).totalResults == 1)
            #expect(try await scim.list("Groups").totalResults == 1)
            let sharedA = try await scim.list("Users", filter: #"userName eq "shared@example.com""#)
            #expect(sharedA.resourceIDs == [userA.id])
            let rootA = try await scim.request(.post, ".search", json: [:])
            #expect(rootA.totalResults == 5)
            #expect(!rootA.resourceIDs.contains(b.userB.id))
            // Renaming inside B does not collide with A's user of the same name.
            let renamed = try await scim.patch(
                "Users/\(b.userB.id)",
                [["op": "replace", "path": "userName", "value": "other@example.com"]], token: b.tokenB)
            #expect(renamed.status == 200)
            #expect(try await scim.request(.get, "Users/\(userA.id)")["userName"] == "SHARED@example.com")
        }
    }

    @Test("/Bulk with tenant A's token cannot touch tenant B")
    func bulkIsolation() async throws {
        try await TestServer.run { scim in
            let b = try await Self.fixture(scim)
            let body = SCIMTestClient.bulkBody([
                [
                    "method": "PATCH", "path": .string("/Users/\(b.userB.id)"),
                    "data": SCIMTestClient.patchBody([["op": "replace", "path": "active", "value": false]]),
                ],
                [
                    "method": "PUT", "path": .string("/Groups/\(b.groupB.id)"),
                    "data": ["schemas": [.string(SCIMTestClient.groupSchema)], "displayName": "Hijacked"],
                ],
                ["method": "DELETE", "path": .string("/Users/\(b.userB.id)")],
                [
                    "method": "POST", "path": "/Groups", "bulkId": "g",
                    "data": [
                        "schemas": [.string(SCIMTestClient.groupSchema)], "displayName": "Bulk A",
                        "members": [["value": .string(b.userB.id)]],
                    ],
                ],
            ])
            let response = try await scim.request(.post, "Bulk", json: body)
            #expect(response.status == 200)
            let statuses = (response["Operations"]?.arrayValue ?? []).map { $0["status"]?.stringValue }
            #expect(statuses == ["404", "404", "404", "400"])
            let userB = try await scim.request(.get, "Users/\(b.userB.id)", token: b.tokenB)
            #expect(userB.status == 200)
            #expect(userB.etag == b.userB.etag)
            let groupB = try await scim.request(.get, "Groups/\(b.groupB.id)", token: b.tokenB)
            #expect(groupB["displayName"] == "Group B")
            #expect(groupB.memberIDs == [b.userB.id])
            #expect(try await scim.list("Groups").totalResults == 0)
        }
    }
}
