import Crypto
import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing
@testable import ScimdServer

@Suite("Console: sign-in, sessions, CSRF and headers")
struct ConsoleSignInTests {
    @Test("every console template parses")
    func templatesParse() {
        #expect(ConsolePages().library != nil)
    }

    @Test("without a session every page redirects to sign-in, which is served without one")
    func unauthenticatedRedirects() async throws {
        try await TestServer.run { scim in
            let browser = ConsoleBrowser(scim)
            for path in ["/console", "/console/", "/console/log", "/console/log/1", "/console/users", "/console/users/alice"] {
                let page = try await browser.get(path)
                #expect(page.status == 303, "\(path)")
                #expect(page.location == "/console/signin", "\(path)")
            }
            let signIn = try await browser.get("/console/signin")
            #expect(signIn.status == 200)
            #expect(signIn.body.contains("<label for=\"token\">"))
            #expect(signIn.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    @Test("an admin token signs in: the session cookie is HttpOnly, SameSite=Strict, scoped to /console, with an expiry")
    func adminTokenSignIn() async throws {
        try await TestServer.run { scim in
            let token = try await scim.services.tokenAdministration.createToken(name: "ops", kind: .admin).secret
            let browser = ConsoleBrowser(scim)
            let signedIn = try await browser.signIn(token: token)
            #expect(signedIn.status == 303)
            #expect(signedIn.location == "/console/")
            let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix("scimd_console=") })
            let attributes = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(attributes.contains("HttpOnly"))
            #expect(attributes.contains("SameSite=Strict"))
            #expect(attributes.contains("Path=/console"))
            #expect(attributes.contains("Max-Age=\(ConsoleSessions.defaultLifetimeSeconds)"))
            // Plain HTTP: a Secure cookie would never come back.
            #expect(!attributes.contains("Secure"))
            let log = try await browser.get("/console/log")
            #expect(log.status == 200)
            #expect(log.body.contains("Tenant <strong>default</strong>"))
            #expect(log.body.contains("console:ops"))
            // The database holds the hash, never the cookie's value.
            let id = try #require(browser.cookies["scimd_console"])
            let stored = try await scim.services.store.read { try await $0.consoleSession(hash: id) }
            #expect(stored == nil)
        }
    }

    @Test("a cookie over TLS (or a https public URL) is Secure")
    func secureCookie() async throws {
        try await TestServer.run(configure: { $0.publicURL = "https://scim.example.com/scim/v2" }) { scim in
            let token = try await scim.services.tokenAdministration.createToken(name: "ops", kind: .admin).secret
            let browser = ConsoleBrowser(scim)
            let signedIn = try await browser.signIn(token: token)
            let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix("scimd_console=") })
            #expect(cookie.contains("; Secure"))
        }
    }

    @Test("an OAuth client of the tenant signs in; its id is the session's client")
    func clientSignIn() async throws {
        try await TestServer.run { scim in
            let issued = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            let browser = ConsoleBrowser(scim)
            let signedIn = try await browser.signIn(clientID: issued.client.id, secret: issued.secret)
            #expect(signedIn.status == 303)
            let log = try await browser.get("/console/log")
            #expect(log.status == 200)
            #expect(log.body.contains("console:\(issued.client.id)"))
        }
    }

    @Test("wrong credentials of either kind get the same answer, 401, and no session")
    func wrongCredentials() async throws {
        try await TestServer.run { scim in
            let scimToken = scim.token
            let issued = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            let attempts: [[String: String]] = [
                ["token": "scimd_notatoken"], ["token": scimToken],  // a SCIM token is not an admin token
                ["client_id": issued.client.id, "client_secret": "scimd_cs_wrong"],
                ["client_id": "00000000-0000-0000-0000-000000000000", "client_secret": issued.secret],
            ]
            for fields in attempts {
                let browser = ConsoleBrowser(scim)
                _ = try await browser.get("/console/signin")
                let page = try await browser.post("/console/signin", fields)
                #expect(page.status == 401, "\(fields)")
                #expect(page.body.contains("These sign-in details are not valid."))
                #expect(!page.setCookies.contains { $0.hasPrefix("scimd_console=") })
                #expect(try await browser.get("/console/log").status == 303)
            }
        }
    }

    @Test("sign-in attempts from one address are rate-limited")
    func signInRateLimit() async throws {
        try await TestServer.run { scim in
            let browser = ConsoleBrowser(scim)
            _ = try await browser.get("/console/signin")
            var statuses: [Int] = []
            for _ in 0..<12 { statuses.append(try await browser.post("/console/signin", ["token": "scimd_wrong"]).status) }
            #expect(statuses.prefix(10).allSatisfy { $0 == 401 }, "\(statuses)")
            #expect(statuses.suffix(2).allSatisfy { $0 == 429 }, "\(statuses)")
        }
    }

    @Test("a POST without the session's CSRF token, with a wrong one, or from a foreign Origin is 403 and changes nothing")
    func csrf() async throws {
        try await TestServer.run { scim in
            let token = try await scim.services.tokenAdministration.createToken(name: "ops", kind: .admin).secret
            let browser = ConsoleBrowser(scim)
            try await browser.signIn(token: token)
            _ = try await browser.get("/console/log")
            let good = try #require(browser.csrf)
            let refusals: [ConsoleBrowser.Page] = [
                try await browser.post("/console/signout", csrf: .some(nil)),
                try await browser.post("/console/signout", csrf: "x" + good.dropFirst()),
                try await browser.post("/console/signout", csrf: good, headers: [.origin: "https://evil.example"]),
                try await browser.post("/console/signout", csrf: good, headers: [.origin: "null"]),
                try await browser.post("/console/signout", csrf: good, headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]),
            ]
            for page in refusals {
                #expect(page.status == 403)
                #expect(page.body.contains("Request refused"))
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            }
            // Nothing changed: still signed in.
            #expect(try await browser.get("/console/log").status == 200)
            // The right token from this origin signs out, and the session is gone from the database.
            // The test client sends `Host: localhost`; a browser's Origin names the same host.
            let out = try await browser.post("/console/signout", headers: [.origin: "http://localhost"])
            #expect(out.status == 303, "\(out.body)")
            #expect(out.location == "/console/signin")
            #expect(try await browser.get("/console/log").status == 303)
        }
    }

    @Test("the sign-in form needs its own CSRF cookie: a forged sign-in is refused")
    func signInCSRF() async throws {
        try await TestServer.run { scim in
            let token = try await scim.services.tokenAdministration.createToken(name: "ops", kind: .admin).secret
            let browser = ConsoleBrowser(scim)
            // Never loaded the sign-in page: no cookie to match.
            let forged = try await browser.post("/console/signin", ["token": token], csrf: "made-up")
            #expect(forged.status == 403)
            #expect(!forged.setCookies.contains { $0.hasPrefix("scimd_console=") })
        }
    }

    @Test("a signed-out session id no longer works, even replayed")
    func signOutDeletes() async throws {
        try await TestServer.run { scim in
            let token = try await scim.services.tokenAdministration.createToken(name: "ops", kind: .admin).secret
            let browser = ConsoleBrowser(scim)
            try await browser.signIn(token: token)
            _ = try await browser.get("/console/log")
            let id = try #require(browser.cookies["scimd_console"])
            #expect(try await browser.post("/console/signout").status == 303)
            let replay = try await browser.get("/console/log", headers: [.cookie: "scimd_console=\(id)"])
            #expect(replay.status == 303)
        }
    }

    @Test("a session ends after its idle time, and after its absolute lifetime")
    func expiry() async throws {
        let cases: [(configure: @Sendable (inout ServerConfiguration) -> Void, idle: Int64, absolute: Int64)] = [
            ({ $0.consoleIdleSeconds = 1 }, 1_000, Int64(ConsoleSessions.defaultLifetimeSeconds) * 1000),
            ({ $0.consoleSessionSeconds = 1 }, 1_000, 1_000),
        ]
        for (configure, idle, absolute) in cases {
            try await TestServer.run(configure: configure) { scim in
                let token = try await scim.services.tokenAdministration.createToken(name: "ops", kind: .admin).secret
                let browser = ConsoleBrowser(scim)
                try await browser.signIn(token: token)
                // The stored expiries (found by the hash of the cookie's id), not a timed request:
                // a loaded machine may take longer than the second itself to answer.
                let id = try #require(browser.cookies["scimd_console"])
                let hash = SHA256.hash(data: Data(id.utf8)).map { String(format: "%02x", $0) }.joined()
                let stored = try #require(try await scim.services.store.read { try await $0.consoleSession(hash: hash) })
                #expect(stored.idleExpiresMs - stored.createdMs == idle)
                #expect(stored.expiresMs - stored.createdMs == absolute)
                let remaining = max(0, stored.idleExpiresMs - scim.services.clock.nowMs()) + 200
                try await Task.sleep(for: .milliseconds(remaining))
                let page = try await browser.get("/console/log")
                #expect(page.status == 303)
                #expect(page.location == "/console/signin?ended=expired")
            }
        }
    }

    @Test("console responses carry the security headers; pages are not cached, assets are, with an ETag")
    func headers() async throws {
        try await TestServer.run { scim in
            let browser = ConsoleBrowser(scim)
            for path in ["/console/signin", "/console/log", "/console/assets/console.css", "/console/nowhere"] {
                let page = try await browser.get(path)
                #expect(page.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true, "\(path)")
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(path)")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(path)")
            }
            #expect(try await browser.get("/console/signin").headers[.cacheControl] == "no-store")
            let css = try await browser.get("/console/assets/console.css")
            #expect(css.status == 200)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.headers[.cacheControl] == "public, max-age=86400")
            let etag = try #require(css.headers[.eTag])
            #expect(try await browser.get("/console/assets/console.css", headers: [.ifNoneMatch: etag]).status == 304)
            #expect(try await browser.get("/console/assets/console.js").headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(try await browser.get("/console/assets/nothing.js").status == 404)
            // No inline script or style anywhere: the CSP would block it.
            let signIn = try await browser.get("/console/signin").body
            #expect(!signIn.contains("<script>") && !signIn.contains("style="))
        }
    }
}
