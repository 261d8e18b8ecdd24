import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Testing

/// Filters on the project's extension attributes compile to the assignments table: an operator
/// can list every user holding a role or in an organization, over SCIM.
@Suite("Filtering on effective roles and organization")
struct AssignmentFilterTests {
    static let ext = SCIMTestClient.scimdSchema

    private func userNames(_ scim: SCIMTestClient, _ filter: String) async throws -> Set<String> {
        let encoded = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? filter
        let answer = try await scim.request(.get, "Users?count=100&filter=\(encoded)")
        #expect(answer.status == 200, "\(filter): \(answer.raw)")
        return Set(answer.resources.compactMap { $0["userName"]?.stringValue })
    }

    @Test("roles, organization and value filters match effective assignments; inactive users hold none")
    func filters() async throws {
        try await TestServer.run { scim in
            let info = try await scim.adminInfo()
            let m = scim.services.mappings
            _ = try await m.createRole(name: "Admin", info: info)
            _ = try await m.createRole(name: "Viewer", info: info)
            _ = try await m.createOrganization(name: "Sales", info: info)
            _ = try await m.addMapping(kind: .role, group: "Admins", target: "Admin", info: info)
            _ = try await m.addMapping(kind: .role, group: "Staff", target: "Viewer", info: info)
            _ = try await m.addMapping(kind: .organization, group: "Staff", target: "Sales", info: info)
            let ann = try await scim.createUser("ann@example.com").id
            let bob = try await scim.createUser("bob@example.com").id
            let cid = try await scim.createUser("cid@example.com").id
            _ = try await scim.createUser("dee@example.com")
            #expect(try await scim.createGroup("Admins", members: [ann]).status == 201)
            #expect(try await scim.createGroup("Staff", members: [ann, bob, cid]).status == 201)

            #expect(try await userNames(scim, "\(Self.ext):roles eq \"admin\"") == ["ann@example.com"])
            #expect(try await userNames(scim, "\(Self.ext):roles eq \"Viewer\"") == ["ann@example.com", "bob@example.com", "cid@example.com"])
            #expect(try await userNames(scim, "\(Self.ext):roles[value sw \"adm\"]") == ["ann@example.com"])
            #expect(try await userNames(scim, "\(Self.ext):organization eq \"sales\" and not (\(Self.ext):roles eq \"Admin\")")
                == ["bob@example.com", "cid@example.com"])
            #expect(try await userNames(scim, "not (\(Self.ext):roles pr)") == ["dee@example.com"])

            // Deactivated: assignments suspended, so the user no longer matches.
            let off = try await scim.patch("Users/\(bob)", [["op": "Replace", "path": "active", "value": "False"]])
            #expect(off.status == 200)
            #expect(try await userNames(scim, "\(Self.ext):organization eq \"Sales\"") == ["ann@example.com", "cid@example.com"])
        }
    }
}
