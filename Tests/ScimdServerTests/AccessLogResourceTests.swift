import Testing

@testable import ScimdServer

@Suite("Access log: the resource label of a path")
struct AccessLogResourceTests {
    @Test("paths map to their bounded label", arguments: [
        ("/scim/v2/Users/2819c223", "User"), ("/scim/v2/users", "User"), ("/scim/v2/Groups/x", "Group"),
        ("//scim//v2//BULK", "Bulk"), ("/scim/v2/Me", "Me"), ("/scim/v2/.search", "search"),
        ("/scim/v2/ServiceProviderConfig", "discovery"), ("/scim/v2/Schemas/urn:x", "discovery"),
        ("/scim/v2/resourceTypes", "discovery"), ("/scim/v2/Devices", "other"), ("/scim/v2", "other"),
        ("/scim/v3/Users", "other"), ("/admin/v1/roles", "admin"), ("/admin", "admin"), ("/oauth/token", "oauth"),
        ("/.well-known/oauth-authorization-server", "oauth"), ("/", "other"), ("", "other"), ("/health", "other"),
    ])
    func label(_ path: String, _ expected: String) {
        #expect(AccessLogMiddleware.resource(of: path) == expected)
    }
}
