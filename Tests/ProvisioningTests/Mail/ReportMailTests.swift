import Foundation
import Provisioning
import SCIM
import Testing

@Suite("ReportMail: the sync report and the sync.errors digest as mail")
struct ReportMailTests {
    static let from = try! MailAddress("scimd@example.com", name: "scimd")
    static let admin = try! MailAddress("admin@example.com")

    @Test func theSyncReportMailCarriesTheTextAndHTMLRenderings() async throws {
        try await ServiceFixture.run { fixture in
            try await fixture.user("ann@example.com")
            try await fixture.user("bob@example.com")
            // A second ann is refused (uniqueness): one failure.
            await #expect(throws: (any Error).self) { try await fixture.user("ann@example.com") }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let report = try await fixture.services.reports.report(
                tenant: fixture.info.tenant, sinceMs: now - 86_400_000, untilMs: now + 1000)
            let message = try ReportMail.message(for: report, from: Self.from, to: [Self.admin])
            #expect(message.subject == "scimd sync report for default: 1 failure, 2 changes (24 h)")
            try await StubSendmail.run { stub in
                try await stub.transport().send(message)
                let mail = try stub.parsed()
                #expect(mail.defects == [])
                #expect(mail.subject == message.subject)
                #expect(mail.to == [.init(name: "", address: "admin@example.com")])
                #expect(mail.part("text/plain")?.body == ReportText.render(report))
                #expect(mail.part("text/html")?.body == ReportHTML.render(report))
                #expect(mail.part("text/plain")?.body.contains("Sync report for tenant 'default'") == true)
                #expect(mail.longestLine <= 78)
            }
        }
    }

    @Test(arguments: [
        ("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "24 h"),
        ("2026-11-24T00:00:00Z", "2026-12-01T00:00:00Z", "7 d"),
        ("2026-12-01T00:00:00Z", "2026-12-01T01:30:00Z", "90 min"),
        ("2026-12-01T00:00:00Z", "2026-12-01T00:00:30Z", "30 s"),
    ])
    func theSubjectNamesThePeriodLength(_ since: String, _ until: String, _ expected: String) {
        #expect(ReportMail.periodLabel(since: since, until: until) == expected)
    }

    @Test func anUnreadablePeriodHasNoLabel() {
        #expect(ReportMail.periodLabel(since: "yesterday", until: "2026-12-01T00:00:00Z") == nil)
        #expect(ReportMail.periodLabel(since: "2026-12-01T00:00:00Z", until: "2026-12-01T00:00:00Z") == nil)
    }

    @Test func theErrorsDigestListsEachFailureWithItsRemedyEscapedInHTML() async throws {
        let batch = SyncErrorBatch(
            tenant: "acme",
            failures: [
                .init(time: "2026-12-01T17:15:41Z", resource: "megan@contoso.com", message: "role 'Controller' is missing",
                      remedy: "Create the role again (scimctl roles create 'Controller')."),
                .init(time: "2026-12-01T17:16:00Z", message: "A User with userName <b>x</b> & more already exists"),
            ])
        let message = try ReportMail.message(for: batch, from: Self.from, to: [Self.admin])
        #expect(message.subject == "scimd: 2 sync errors for acme")
        #expect(message.text.contains("- 2026-12-01T17:15:41Z megan@contoso.com: role 'Controller' is missing\n  Remedy: Create the role again"))
        #expect(message.html.contains("A User with userName &lt;b&gt;x&lt;/b&gt; &amp; more already exists"))
        #expect(!message.html.contains("<b>x</b>"))
        #expect(message.text.hasSuffix("Details: scimctl log --tenant acme --status failure, or scimctl diagnose --tenant acme --user NAME.\n"))
        #expect(message.html.contains("Remedy: Create the role again (scimctl roles create &#39;Controller&#39;)."))
        try await StubSendmail.run { stub in
            try await stub.transport().send(message)
            let mail = try stub.parsed()
            #expect(mail.subject == "scimd: 2 sync errors for acme")
            #expect(mail.part("text/plain")?.body == message.text)
            #expect(mail.part("text/html")?.body == message.html)
        }
    }

    @Test func aLongErrorsDigestCountsWhatItDoesNotList() throws {
        let failures = (1...(ReportMail.listedFailureLimit + 7)).map { SyncErrorBatch.Failure(time: "t", message: "failure \($0)") }
        let message = try ReportMail.message(for: SyncErrorBatch(tenant: "acme", failures: failures), from: Self.from, to: [Self.admin])
        #expect(message.subject == "scimd: 57 sync errors for acme")
        #expect(message.text.contains("failure 50\n"))
        #expect(!message.text.contains("failure 51"))
        #expect(message.text.contains("… and 7 more failures"))
        #expect(message.html.contains("… and 7 more failures"))
    }

    @Test func anEmptyDigestOrATenantNameWithALineBreakIsHandled() throws {
        #expect(throws: MailError("A sync-errors mail needs at least one failure.")) {
            try ReportMail.message(for: SyncErrorBatch(tenant: "acme", failures: []), from: Self.from, to: [Self.admin])
        }
        let message = try ReportMail.message(
            for: SyncErrorBatch(tenant: "acme\r\nBcc: evil@example.com", failures: [.init(time: "t", message: "m")]),
            from: Self.from, to: [Self.admin])
        #expect(message.subject == "scimd: 1 sync error for acme  Bcc: evil@example.com")
        #expect(!message.headers.contains("\r\nBcc:"))
        #expect(message.text.contains("scimctl log --tenant 'acme  Bcc: evil@example.com' --status failure"))
    }
}
