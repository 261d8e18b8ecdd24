import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Testing
@testable import ScimdServer

@Suite("Console: live follow of the sync log")
struct ConsoleLiveLogTests {
    /// Opens `/console/log/stream…` on a raw connection with the browser's session cookie.
    static func stream(_ path: String, _ browser: ConsoleBrowser, port: Int, headers: String = "") async throws -> RawConnection {
        let connection = try await RawConnection.open(port: port)
        let cookie = try #require(browser.cookies["scimd_console"])
        try await connection.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nCookie: scimd_console=\(cookie)\r\n\(headers)\r\n")
        return connection
    }

    /// Waits until the received text contains `needle`; false after `limit`.
    static func wait(for needle: String, on connection: RawConnection, within limit: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if connection.text.contains(needle) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("new entries are pushed as text/event-stream events as they commit, filtered, each with its sequence as id")
    func follow() async throws {
        try await TestServer.run { scim in
            #expect(try await scim.createUser("before-follow").status == 201)
            let browser = try await ConsolePagesTests.signedIn(scim)
            let page = try await browser.get("/console/log")
            #expect(page.body.contains("data-stream=\"/console/log/stream\""))
            let port = try #require(scim.client.port)
            let all = try await Self.stream("/console/log/stream", browser, port: port)
            let failures = try await Self.stream("/console/log/stream?status=failure", browser, port: port)
            defer { Task { await all.close(); await failures.close() } }
            #expect(try await Self.wait(for: "retry: 3000", on: all))
            #expect(try await Self.wait(for: "retry: 3000", on: failures))
            #expect(all.text.contains("Content-Type: text/event-stream") || all.text.lowercased().contains("content-type: text/event-stream"))

            #expect(try await scim.createUser("live-user").status == 201)
            #expect(try await scim.createUser("live-user").status == 409)
            #expect(try await Self.wait(for: "\"resourceName\":\"live-user\"", on: all))
            #expect(try await Self.wait(for: "\"status\":\"failure\"", on: failures))
            // Only what came after the stream opened; the failure stream got no success.
            #expect(!all.text.contains("before-follow"))
            #expect(!failures.text.contains("\"status\":\"success\""))
            let entry = try #require(try await scim.logEntries(operation: "create").last(where: { $0.status == .success }))
            #expect(all.text.contains("id: \(entry.seq)\nevent: entry\ndata: {"))

            // A reconnect with Last-Event-ID resumes after that entry.
            let resumed = try await Self.stream("/console/log/stream", browser, port: port, headers: "Last-Event-ID: \(entry.seq - 1)\r\n")
            #expect(try await Self.wait(for: "id: \(entry.seq)\n", on: resumed))
            await resumed.close()
        }
    }

    @Test("revoking the token the session signed in with ends an open stream at its next session check")
    func revocationEndsStream() async throws {
        try await TestServer.run { scim in
            let issued = try await scim.services.tokenAdministration.createToken(name: "ops", kind: .admin)
            let browser = ConsoleBrowser(scim)
            try await browser.signIn(token: issued.secret)
            let stream = try await Self.stream("/console/log/stream", browser, port: try #require(scim.client.port))
            defer { Task { await stream.close() } }
            #expect(try await Self.wait(for: "retry: 3000", on: stream))
            _ = try await scim.services.tokenAdministration.revokeToken(id: issued.record.id)
            // The last chunk of a chunked response (RFC 9112 §7.1): the server finished the stream.
            #expect(try await Self.wait(for: "\r\n0\r\n\r\n", on: stream, within: .seconds(20)))
        }
    }

    @Test("without a session the stream redirects to sign-in")
    func unauthenticated() async throws {
        try await TestServer.run { scim in
            let page = try await ConsoleBrowser(scim).get("/console/log/stream")
            #expect(page.status == 303)
            #expect(page.location == "/console/signin")
        }
    }
}
