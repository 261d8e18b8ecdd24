import Foundation
import SCIM
import Store
import Testing

@testable import ScimdServer

/// Slow, stalled and too many clients over raw TCP on 127.0.0.1: each deadline and limit of
/// the connection layer trips when it should, answers with a SCIM error where a response is
/// still possible, and closes the connection (RFC 9112 §9.6).
@Suite("Connection limits: read deadlines, idle timeout, early 413, connection cap")
struct SlowClientTests {
    static func short(_ c: inout ServerConfiguration) {
        c.headerTimeout = .seconds(1)
        c.bodyTimeout = .seconds(1)
        // Long enough that the test's own HTTP client, idle between its requests on a loaded CI
        // machine, is not cut off (a closed kept-alive connection failed a test as "I/O on closed
        // channel"); the idle test sets its own.
        c.idleTimeout = .seconds(30)
    }

    static func port(_ scim: SCIMTestClient) throws -> Int { try #require(scim.client.port) }

    static func userPost(token: String, contentLength: Int) -> String {
        "POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/scim+json\r\nContent-Length: \(contentLength)\r\n\r\n"
    }

    @Test("a head sent in part is answered 408 and closed within the header deadline")
    func halfSentHeader() async throws {
        try await TestServer.run(configure: Self.short) { scim in
            let connection = try await RawConnection.open(port: try Self.port(scim))
            let start = ContinuousClock.now
            try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            #expect(try await connection.waitForClose(within: .seconds(5)))
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(950) && elapsed < .seconds(4), "closed after \(elapsed.seconds) s")
            let response = try #require(RawResponse(parsing: connection.text), "\(connection.text)")
            #expect(response.status == 408)
            #expect(response.headers["connection"] == "close")
            let body = try SCIMValue(parsing: response.body)
            #expect(body["schemas"] == [.string(SCIMError.schema)])
            #expect(body["status"] == "408")
        }
    }

    @Test("a kept-alive connection outlives the header deadline and closes at the idle timeout")
    func idleConnection() async throws {
        try await TestServer.run(configure: { Self.short(&$0); $0.idleTimeout = .seconds(5) }) { scim in
            let connection = try await RawConnection.open(port: try Self.port(scim))
            try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let response = try #require(try await connection.waitForResponse(within: .seconds(5)))
            #expect(response.status == 200)
            // Over twice the header deadline without a byte: still open, the idle timeout applies.
            #expect(try await connection.waitForClose(within: .milliseconds(2_500)) == false)
            // Measured from before the request: the idle time starts after its response.
            let start = ContinuousClock.now
            try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await connection.waitForResponse(after: response.length, within: .seconds(5))?.status == 200)
            #expect(try await connection.waitForClose(within: .seconds(9)))
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(4_950) && elapsed < .seconds(8), "closed \(elapsed.seconds) s after the request")
        }
    }

    @Test("a declared Content-Length above --max-body-bytes gets 413 before any of the body is read")
    func hugeDeclaredLength() async throws {
        try await TestServer.run(configure: Self.short) { scim in
            let connection = try await RawConnection.open(port: try Self.port(scim))
            try await connection.send(Self.userPost(token: scim.token, contentLength: 500_000_000) + "{")
            let response = try #require(try await connection.waitForResponse(within: .seconds(5)), "\(connection.text)")
            // 413, not the 408 the 1-second body deadline would give a body that never comes:
            // the status alone shows the body was not waited for (a time bound only measures the machine).
            #expect(response.status == 413)
            #expect(response.headers["connection"] == "close")
            #expect(try SCIMValue(parsing: response.body)["status"] == "413")
            #expect(try await connection.waitForClose(within: .seconds(4)))
            // Refused requests are in the sync log (requirements §7).
            #expect(try await scim.logEntries(status: .failure).contains { $0.errorCode == "413" })
        }
    }

    @Test("a body that trickles in slower than the body deadline is answered 408 and cut off")
    func slowBody() async throws {
        try await TestServer.run(configure: Self.short) { scim in
            let connection = try await RawConnection.open(port: try Self.port(scim))
            let start = ContinuousClock.now
            try await connection.send(Self.userPost(token: scim.token, contentLength: 200) + "{\"schemas\":")
            // A byte every 100 ms: the deadline is for the whole body, not for each read.
            var sent = 0
            while connection.isOpen, sent < 40, connection.text.isEmpty {
                try? await connection.send(" ")
                sent += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await connection.waitForClose(within: .seconds(5)))
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(950) && elapsed < .seconds(5), "closed after \(elapsed.seconds) s")
            let response = try #require(RawResponse(parsing: connection.text), "\(connection.text)")
            #expect(response.status == 408)
            #expect(response.headers["connection"] == "close")
            #expect(try SCIMValue(parsing: response.body)["status"] == "408")
            #expect(try await scim.logEntries(status: .failure).contains { $0.errorCode == "408" })
            #expect(try await scim.list("Users").totalResults == 0)
        }
    }

    @Test("connections above --max-connections get 503 with Retry-After at once; a freed slot is reused")
    func connectionCap() async throws {
        try await TestServer.run(configure: { $0.maxConnections = 3 }) { scim in
            let port = try Self.port(scim)
            // The test client's own keep-alive connection may hold a slot; fill the rest.
            var held: [RawConnection] = []
            while held.count < 3 {
                let connection = try await RawConnection.open(port: port)
                // A refused connection may be closed before the request is out.
                try? await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let response = try #require(try await connection.waitForResponse(within: .seconds(5)))
                if response.status == 503 { break }
                #expect(response.status == 200)
                held.append(connection)
            }
            #expect(held.count >= 2)
            // Every slot stays taken: an answer at all means refused, not queued.
            let refused = try await RawConnection.open(port: port)
            let response = try #require(try await refused.waitForResponse(within: .seconds(3)), "no answer: queued, not refused")
            #expect(response.status == 503)
            #expect(response.headers["retry-after"] == "5")
            #expect(try SCIMValue(parsing: response.body)["status"] == "503")
            #expect(try await refused.waitForClose(within: .seconds(4)))
            // Held connections still work; closing one frees its slot.
            let before = held[0].text.utf8.count
            try await held[0].send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await held[0].waitForResponse(after: before, within: .seconds(5))?.status == 200)
            await held.removeLast().close()
            var admitted = false
            for _ in 0..<50 where !admitted {
                let next = try await RawConnection.open(port: port)
                try? await next.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                admitted = try await next.waitForResponse(within: .seconds(5))?.status == 200
                await next.close()
                if !admitted { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(admitted)
            for connection in held { await connection.close() }
        }
    }
}
