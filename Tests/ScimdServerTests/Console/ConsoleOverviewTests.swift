import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing
@testable import ScimdServer

@Suite("Console: overview and reports")
struct ConsoleOverviewTests {
    @Test("the overview counts the last 24 hours, warns at a high failure rate, lists credentials and the Entra ID set-up")
    func overview() async throws {
        try await TestServer.run { scim in
            #expect(try await scim.createUser("ann").status == 201)
            #expect(try await scim.createUser("ann").status == 409)
            _ = try await scim.services.oauth.createClient(tenantName: "default", name: "entra-prod")
            let browser = try await ConsolePagesTests.signedIn(scim)
            let page = try await browser.get("/console/")
            #expect(page.status == 200)
            #expect(page.body.contains("<span class=\"number\">1</span>users created"))
            #expect(page.body.contains("<span class=\"number\">1</span><a href=\"/console/log?status=failure&amp;since=24h\">failed writes</a>"))
            // One of two SCIM writes failed: 50 %, above Entra's quarantine threshold.
            #expect(page.body.contains("Failure rate 50%"))
            #expect(page.body.contains("Entra ID quarantines"))
            #expect(page.body.contains("<td>entra-prod</td>"))
            #expect(page.body.contains("<td>test</td>"))  // the SCIM token the fixture issued
            #expect(page.body.contains("/scim/v2</code>"))
            #expect(page.body.contains("/oauth/token</code>"))
            #expect(page.body.contains("aria-current=\"page\">Overview"))
        }
    }

    @Test("the reports page frames the emailed report for the period, which has no script and its own narrow CSP")
    func reports() async throws {
        try await TestServer.run { scim in
            #expect(try await scim.createUser("<b>bold</b>").status == 201)
            let browser = try await ConsolePagesTests.signedIn(scim)
            let page = try await browser.get("/console/reports?since=7d")
            #expect(page.status == 200)
            #expect(page.body.contains("src=\"/console/reports/email?since=7d\""))
            #expect(page.body.contains("No subscriptions"))
            let report = try await browser.get("/console/reports/email?since=7d")
            #expect(report.status == 200)
            #expect(report.body.contains("Sync report for tenant"))
            #expect(report.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'; style-src 'unsafe-inline'") == true)
            #expect(report.headers[HTTPField.Name("X-Frame-Options")!] == "SAMEORIGIN")
            #expect(!report.body.contains("<script"))
            let bad = try await browser.get("/console/reports?since=soon")
            #expect(bad.status == 400)
            #expect(bad.body.contains("since must be a duration"))
            #expect(try await browser.get("/console/reports/email?since=soon").status == 400)
        }
    }
}
