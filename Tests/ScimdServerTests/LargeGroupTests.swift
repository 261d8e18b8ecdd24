import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Testing

/// Groups above `ResourceService.largeGroupMembers`: a member PATCH answers 204 instead of
/// re-reading the list, and reads write the members straight into the response — with the
/// same representation the projection path produces for small groups.
@Suite("Large groups")
struct LargeGroupTests {
    @Test("PATCH of a 1,001-member group answers 204 with a new ETag; reads return every member without display")
    func largeGroup() async throws {
        try await TestServer.run { scim in
            let info = try await scim.adminInfo()
            var ids: [String] = []
            for i in 0...ResourceService.largeGroupMembers {
                let user = try await scim.services.resources.create(
                    .user, body: ["schemas": [.string(SCIMTestClient.userSchema)], "userName": .string("m\(i)@example.com"), "displayName": .string("M \(i)")],
                    info: info)
                ids.append(user.object["id"]?.stringValue ?? "")
            }
            let group = try await scim.createGroup("Everyone", members: Array(ids.dropLast()))
            #expect(group.status == 201)
            let groupID = group.id

            // Adding the 1,001st member crosses the threshold: 204, no body, a new version.
            let large = try await scim.patch(
                "Groups/\(groupID)", [["op": "add", "path": "members", "value": [["value": .string(ids[ids.count - 1])]]]])
            #expect(large.status == 204)
            #expect(large.raw.isEmpty)
            #expect(large.headers[.eTag] != group.headers[.eTag])

            let read = try await scim.request(.get, "Groups/\(groupID)")
            #expect(read.status == 200)
            let members = read["members"]?.arrayValue ?? []
            #expect(members.count == ids.count)
            #expect(Set(members.compactMap { $0["value"]?.stringValue }) == Set(ids))
            #expect(members.allSatisfy { $0["display"] == nil && $0["type"] == "User" })
            #expect(members.first?["$ref"]?.stringValue?.hasSuffix("/Users/\(members.first?["value"]?.stringValue ?? "?")") == true)
            #expect(read.headers[.eTag] == large.headers[.eTag])

            let selected = try await scim.request(.get, "Groups/\(groupID)?attributes=members")
            #expect(selected["displayName"] == nil)
            #expect((selected["members"]?.arrayValue ?? []).count == ids.count)

            let display = try await scim.request(.get, "Groups/\(groupID)?attributes=members.display")
            let displays = display["members"]?.arrayValue ?? []
            #expect(displays.count == ids.count)
            #expect(displays.allSatisfy { $0["value"] == nil && $0["display"]?.stringValue?.hasPrefix("M ") == true })

            // Removing one brings it back to 1,000: a full answer again.
            let back = try await scim.patch("Groups/\(groupID)", [["op": "remove", "path": .string("members[value eq \"\(ids[0])\"]")]])
            #expect(back.status == 200)
            #expect((back["members"]?.arrayValue ?? []).count == ResourceService.largeGroupMembers)
        }
    }
}
