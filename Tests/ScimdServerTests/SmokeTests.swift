import Testing
import SCIM

@Suite("Smoke")
struct SmokeTests {
    @Test("health answers 200 and a created user reads back")
    func healthAndRoundTrip() async throws {
        try await TestServer.run { scim in
            let health = try await scim.request(.get, "/health", token: "")
            #expect(health.status == 200)

            let created = try await scim.createUser("smoke@example.com", externalId: "smoke-1")
            #expect(created.status == 201)
            #expect(created.headers[.location]?.hasSuffix("/Users/\(created.id)") == true)

            let read = try await scim.request(.get, "Users/\(created.id)")
            #expect(read.status == 200)
            #expect(read["userName"] == "smoke@example.com")
            #expect(read.headers[.eTag] == created.headers[.eTag])
        }
    }
}
