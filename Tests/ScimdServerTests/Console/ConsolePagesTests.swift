import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing
@testable import ScimdServer

@Suite("Console: sync log and users pages")
struct ConsolePagesTests {
    /// Signs a browser in to `tenant` with a new admin token of it.
    static func signedIn(_ scim: SCIMTestClient, tenant: String = TenantService.defaultTenantName) async throws -> ConsoleBrowser {
        let token = try await scim.services.tokenAdministration.createToken(tenantName: tenant, name: "ops-\(tenant)", kind: .admin).secret
        let browser = ConsoleBrowser(scim)
        let page = try await browser.signIn(token: token)
        #expect(page.status == 303)
        return browser
    }

    @Test("the sync log lists entries newest first, filters by status, operation and user, and pages back")
    func syncLogFiltersAndPaging() async throws {
        try await TestServer.run { scim in
            for n in 0..<52 { #expect(try await scim.createUser("user\(n)").status == 201) }
            #expect(try await scim.createUser("user7").status == 409)
            let browser = try await Self.signedIn(scim)
            let first = try await browser.get("/console/log")
            #expect(first.status == 200)
            let rows = Self.rows(first.body)
            #expect(rows.count == ConsoleRoutes.pageSize)
            // Newest first: the refused duplicate, then user51, user50, …
            #expect(rows.first?.contains("failure") == true)
            #expect(rows.dropFirst().first?.contains("user51") == true)
            let older = try #require(Self.link("Older entries", in: first.body))
            let second = try await browser.get(older)
            let secondRows = Self.rows(second.body)
            // Every entry of the tenant, the fixture's scope set-up included, on the two pages.
            let tenant = try await scim.services.tenants.tenant(named: TenantService.defaultTenantName)
            let total = try await scim.services.syncLog.entries(SyncLogQuery(tenantID: tenant.id, limit: 1_000)).count
            #expect(secondRows.count == total - ConsoleRoutes.pageSize)
            #expect(secondRows.contains { $0.contains(">user0<") || $0.contains(" user0<") })
            #expect(Self.link("Older entries", in: second.body) == nil)

            let failures = Self.rows(try await browser.get("/console/log?status=failure").body)
            #expect(failures.count == 1)
            #expect(failures.first?.contains("user7") == true)
            let byUser = Self.rows(try await browser.get("/console/log?user=USER3").body)
            #expect(byUser.count == 1)
            #expect(Self.rows(try await browser.get("/console/log?operation=create&status=success").body).count == ConsoleRoutes.pageSize)
            // Filters survive paging.
            let filteredOlder = try #require(Self.link("Older entries", in: try await browser.get("/console/log?operation=create").body))
            #expect(filteredOlder.contains("operation=create") && filteredOlder.contains("before="))

            let bad = try await browser.get("/console/log?since=yesterday")
            #expect(bad.status == 400)
            #expect(bad.body.contains("since must be a duration like 24h or 7d"))
        }
    }

    @Test("an entry's page shows its message, correlation id, changes and remedy")
    func entryDetail() async throws {
        try await TestServer.run { scim in
            let created = try await scim.request(
                .post, "Users", json: ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "alice"],
                headers: [HTTPField.Name("X-Request-ID")!: "corr-alice-1"])
            let id = created.id
            _ = try await scim.patch("Users/\(id)", [["op": "replace", "path": "displayName", "value": "Alice A."]])
            let tenant = try await scim.services.tenants.tenant(named: TenantService.defaultTenantName)
            let seq = try await scim.services.store.write { tx in
                try await tx.appendLog(
                    SyncLogEntry(
                        tenantID: tenant.id, timeMs: scim.services.clock.nowMs(), correlationID: "corr-map", client: "test",
                        operation: "mapping", resourceType: "User", resourceID: id, resourceName: "alice", status: .failure,
                        errorCode: "organizationConflict", message: "Two organizations apply.",
                        details: ["remedy": "Give one of the mappings a higher priority."]))
            }
            let browser = try await Self.signedIn(scim)
            let failure = try await browser.get("/console/log/\(seq)")
            #expect(failure.status == 200)
            #expect(failure.body.contains("Remedy:</strong> Give one of the mappings a higher priority."))
            #expect(failure.body.contains("organizationConflict"))
            #expect(failure.body.contains("corr-map"))
            #expect(failure.body.contains("href=\"/console/users/\(id)\""))

            let entries = try await scim.logEntries(operation: "patch")
            let patch = try #require(entries.last)
            let detail = try await browser.get("/console/log/\(patch.seq)")
            #expect(detail.body.contains("<td>displayName</td>"), "\(detail.body)")
            #expect(detail.body.contains("Alice A."))
            let create = try #require(try await scim.logEntries(operation: "create").last)
            #expect(try await browser.get("/console/log/\(create.seq)").body.contains("corr-alice-1"))

            #expect(try await browser.get("/console/log/999999").status == 404)
            #expect(try await browser.get("/console/log/abc").status == 404)
        }
    }

    @Test("user search finds by userName, email and external id; a user's page is the diagnosis")
    func usersAndDiagnosis() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let alice = try await scim.createProvisionedUser("alice@example.com", externalId: "ext-alice")
            #expect(alice.status == 201)
            // No email or name: refused under the default scope rules.
            #expect(try await scim.createUser("bob").status == 400)
            let browser = try await Self.signedIn(scim)
            let all = try await browser.get("/console/users")
            #expect(all.status == 200)
            #expect(all.body.contains("alice@example.com") && all.body.contains("1 user(s)"))
            let byName = try await browser.get("/console/users?q=ALICE")
            #expect(byName.body.contains("alice@example.com"))
            #expect(try await browser.get("/console/users?q=nobody").body.contains("0 user(s) match “nobody”"))
            #expect(try await browser.get("/console/users?q=ext-alice").body.contains("alice@example.com"))
            #expect(try await browser.get("/console/users?q=%22%20or%20userName%20pr%20or%20%22").body.contains("0 user(s)"))

            let diagnosis = try await browser.get("/console/users/\(alice.id)")
            #expect(diagnosis.status == 200)
            #expect(diagnosis.body.contains("<h1>alice@example.com</h1>"))
            #expect(diagnosis.body.contains("ext-alice"))
            #expect(diagnosis.body.contains("Scope rules"))
            #expect(diagnosis.body.contains("class=\"met\""))
            let bob = try await browser.get("/console/users/bob")
            #expect(bob.body.contains("Last refusal"), "\(bob.body)")
            let unknown = try await browser.get("/console/users/carol")
            #expect(unknown.status == 200)
            #expect(unknown.body.contains("What to check at the identity provider"))
        }
    }

    @Test("a session of tenant A sees none of tenant B's users or log entries")
    func tenantIsolation() async throws {
        try await TestServer.run { scim in
            let other = try await scim.token(forNewTenant: "globex")
            let secret = try await scim.createUser("globex-secret-user", token: other)
            #expect(secret.status == 201)
            let tenant = try await scim.services.tenants.tenant(named: "globex")
            let entries = try await scim.services.syncLog.entries(SyncLogQuery(tenantID: tenant.id, limit: 10))
            let seq = try #require(entries.first?.seq)
            #expect(try await scim.createUser("default-user").status == 201)

            let browser = try await Self.signedIn(scim)
            let log = try await browser.get("/console/log")
            #expect(log.body.contains("default-user"))
            #expect(!log.body.contains("globex-secret-user"))
            #expect(try await browser.get("/console/log/\(seq)").status == 404)
            #expect(!(try await browser.get("/console/users").body.contains("globex-secret-user")))
            #expect(!(try await browser.get("/console/users?q=globex").body.contains("globex-secret-user")))
            let user = try await browser.get("/console/users/\(secret.id)")
            #expect(!user.body.contains("globex-secret-user"))
            #expect(user.body.contains("What to check at the identity provider"))
            // Tenant B's own session sees it.
            let globex = try await Self.signedIn(scim, tenant: "globex")
            #expect(try await globex.get("/console/log/\(seq)").body.contains("globex-secret-user"))
        }
    }

    @Test("a userName <script>alert(1)</script> renders as text on every page that shows it")
    func escaping() async throws {
        try await TestServer.run { scim in
            let hostile = "<script>alert(1)</script>"
            let created = try await scim.createUser(hostile, externalId: "\"><img src=x onerror=alert(2)>")
            #expect(created.status == 201)
            _ = try await scim.createUser(hostile)  // a refused duplicate: the failure entry names it too
            let browser = try await Self.signedIn(scim)
            let entries = try await scim.logEntries()
            var pages = [
                "/console/log", "/console/log?status=failure", "/console/users", "/console/users?q=script",
                "/console/users/\(created.id)",
            ]
            pages += entries.map { "/console/log/\($0.seq)" }
            for path in pages {
                let page = try await browser.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(!page.body.contains(hostile), "\(path)")
                #expect(!page.body.contains("<img"), "\(path)")
                #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path)")
            }
        }
    }

    // MARK: Reading pages

    /// The body rows of the page's first table.
    static func rows(_ html: String) -> [String] {
        guard let open = html.range(of: "<tbody"), let start = html.range(of: ">", range: open.upperBound..<html.endIndex),
            let end = html.range(of: "</tbody>", range: start.upperBound..<html.endIndex)
        else {
            return []
        }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr>").dropFirst().map { String($0) }
    }

    /// The href of the link whose text is `label`, HTML entities decoded.
    static func link(_ label: String, in html: String) -> String? {
        guard let close = html.range(of: "\">\(label)</a>") else { return nil }
        guard let open = html.range(of: "href=\"", options: .backwards, range: html.startIndex..<close.lowerBound) else { return nil }
        return String(html[open.upperBound..<close.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
    }
}
