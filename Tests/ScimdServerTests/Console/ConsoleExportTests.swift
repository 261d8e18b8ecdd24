import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Testing
@testable import ScimdServer

@Suite("Console: sync-log export")
struct ConsoleExportTests {
    @Test("the filtered log downloads as CSV with formula cells neutralised, and as NDJSON in the log's JSON shape")
    func export() async throws {
        try await TestServer.run { scim in
            #expect(try await scim.createUser("=HYPERLINK(\"http://evil\",\"x\")").status == 201)
            #expect(try await scim.createUser("plain, with comma").status == 201)
            #expect(try await scim.createUser("plain, with comma").status == 409)
            let browser = try await ConsolePagesTests.signedIn(scim)
            let page = try await browser.get("/console/log?operation=create")
            #expect(page.body.contains("href=\"/console/log/export?operation=create&amp;format=csv\""))

            let csv = try await browser.get("/console/log/export?operation=create&format=csv")
            #expect(csv.status == 200)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"sync-log.csv\"")
            let lines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first?.hasPrefix("seq,time,status,operation,") == true)
            #expect(lines.count == 4)
            #expect(csv.body.contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","))
            #expect(csv.body.contains(",\"plain, with comma\","))
            #expect(!csv.body.contains(",=HYPERLINK"))

            let failures = try await browser.get("/console/log/export?status=failure&format=ndjson")
            #expect(failures.headers[.contentType] == "application/x-ndjson")
            let objects = failures.body.split(separator: "\n").map { try? SCIMValue(parsing: String($0)) }
            #expect(objects.count == 1)
            #expect(objects.first??["status"] == .string("failure"))
            #expect(objects.first??["resourceName"] == .string("plain, with comma"))

            #expect(try await browser.get("/console/log/export?format=xlsx").status == 400)
            browser.forgetCookies()
            #expect(try await browser.get("/console/log/export?format=csv").status == 303)
        }
    }

    @Test("CSV cells starting with = + - @ (or a tab) are prefixed and quoted; others only when RFC 4180 needs it")
    func cells() {
        #expect(SyncLogExport.cell("=1+1") == "\"'=1+1\"")
        #expect(SyncLogExport.cell("+49 30") == "\"'+49 30\"")
        #expect(SyncLogExport.cell("-2") == "\"'-2\"")
        #expect(SyncLogExport.cell("@SUM(A1)") == "\"'@SUM(A1)\"")
        #expect(SyncLogExport.cell("\tx") == "\"'\tx\"")
        #expect(SyncLogExport.cell("alice") == "alice")
        #expect(SyncLogExport.cell("a\"b") == "\"a\"\"b\"")
        #expect(SyncLogExport.cell("line\nbreak") == "\"line\nbreak\"")
    }
}

@Suite("Console: test provision")
struct ConsoleProvisionTests {
    @Test("a pasted payload runs as a dry run: the four steps are shown and nothing is stored or logged")
    func dryRun() async throws {
        try await TestServer.run { scim in
            let browser = try await ConsolePagesTests.signedIn(scim)
            #expect(try await browser.get("/console/provision").status == 200)
            let before = try await scim.logEntries().count
            let payload = #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"<i>trial</i>@example.com","active":true}"#
            let page = try await browser.post("/console/provision", ["payload": payload])
            #expect(page.status == 200)
            for step in ["import", "scope", "match", "action"] { #expect(page.body.contains("<td>\(step)</td>"), "\(step): \(page.body)") }
            #expect(page.body.contains("Result: create User &lt;i&gt;trial&lt;/i&gt;@example.com"))
            #expect(!page.body.contains("<i>trial"))
            #expect(try await scim.logEntries().count == before)
            let stored = try await scim.request(.get, SCIMTestClient.query("Users", ["filter": "userName co \"trial\""]))
            #expect(stored.totalResults == 0)
            // A payload for a stored user: the changes the replace would make, as a table old → new.
            #expect(try await scim.createUser("carol@example.com", extra: ["displayName": "Carol"]).status == 201)
            let change = try await browser.post("/console/provision", [
                "payload": #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"carol@example.com","displayName":"Caroline","active":true}"#
            ])
            #expect(change.body.contains("<h2>Changes</h2>"), "\(change.body)")
            #expect(change.body.contains("<tr><td>displayName</td><td class=\"value\"><code>Carol</code></td><td class=\"value\"><code>Caroline</code></td></tr>"), "\(change.body)")
            let bad = try await browser.post("/console/provision", ["payload": "{not json"])
            #expect(bad.status == 400)
            #expect(bad.body.contains("The payload is not valid JSON"))
        }
    }
}
