import Foundation
import Provisioning
import SCIM
import Testing

@Suite("WelcomeMail: templates, placeholders, escaping and the recipient")
struct WelcomeMailTests {
    static let from = try! MailAddress("welcome@example.com", name: "Example Inc.")

    static func user(_ json: String) throws -> SCIMValue { try SCIMValue(parsing: json) }

    static let ann = #"""
        {"userName":"ann@example.com","name":{"givenName":"Zoë <script>","familyName":"O'Brien & Co"},
         "emails":[{"value":"ann.home@example.org","type":"home"},{"value":"ann@example.com","type":"work"}]}
        """#

    static func settings(
        subject: String = "Welcome, {{givenName}}", text: String = "Hi {{givenName}} {{familyName}} ({{userName}}): {{enrollmentURL}}",
        html: String = #"<p>Hi {{givenName}} {{familyName}}</p><a href="{{enrollmentURL}}">enroll</a>"#,
        url: String? = "https://app.example.com/enroll?tenant=acme&x=1"
    ) throws -> WelcomeMailSettings {
        try WelcomeMailSettings(enabled: true, subject: subject, text: text, html: html, enrollmentURL: url)
    }

    @Test func placeholdersAreFilledInAndEscapedInTheHTMLPart() async throws {
        let message = try WelcomeMail.message(for: Self.user(Self.ann), settings: Self.settings(), from: Self.from)
        #expect(message.subject == "Welcome, Zoë <script>")
        #expect(message.text == "Hi Zoë <script> O'Brien & Co (ann@example.com): https://app.example.com/enroll?tenant=acme&x=1")
        #expect(
            message.html
                == #"<p>Hi Zoë &lt;script&gt; O&#39;Brien &amp; Co</p><a href="https://app.example.com/enroll?tenant=acme&amp;x=1">enroll</a>"#)
        #expect(message.to == [try MailAddress("ann@example.com", name: "Zoë <script> O'Brien & Co")])
        try await StubSendmail.run { stub in
            try await stub.transport().send(message)
            let mail = try stub.parsed()
            #expect(mail.defects == [])
            #expect(mail.subject == "Welcome, Zoë <script>")
            #expect(mail.to == [.init(name: "Zoë <script> O'Brien & Co", address: "ann@example.com")])
            #expect(mail.part("text/html")?.body == message.html)
            #expect(mail.part("text/plain")?.body == message.text)
        }
    }

    @Test func thePrimaryEmailWinsOverTheWorkEmail() throws {
        let user = try Self.user(
            #"{"userName":"bob","emails":[{"value":"bob@example.com","type":"work"},{"value":"bob@home.example","type":"home","primary":true}]}"#)
        #expect(try WelcomeMail.recipient(of: user).address == "bob@home.example")
        let workOnly = try Self.user(#"{"userName":"bob","emails":[{"value":"bob@example.com","type":"Work"}]}"#)
        #expect(try WelcomeMail.recipient(of: workOnly).address == "bob@example.com")
    }

    @Test(arguments: [
        #"{"userName":"carol"}"#,
        #"{"userName":"carol","emails":[]}"#,
        #"{"userName":"carol","emails":[{"value":"carol@home.example","type":"home"}]}"#,
    ])
    func aUserWithoutPrimaryOrWorkEmailIsRefused(_ json: String) throws {
        #expect(throws: MailError("User 'carol' has no primary or work email address, so no welcome mail can be sent.")) {
            try WelcomeMail.message(for: Self.user(json), settings: Self.settings(), from: Self.from)
        }
    }

    @Test func anInvalidRecipientAddressIsRefusedNamingTheUser() throws {
        let user = try Self.user(#"{"userName":"dan","emails":[{"value":"dan@example.com\r\nBcc: evil@example.com","primary":true}]}"#)
        let error = #expect(throws: MailError.self) { try WelcomeMail.recipient(of: user) }
        #expect(error?.message.hasPrefix("User 'dan' cannot get a welcome mail: The email address") == true)
    }

    @Test func aLineBreakInAUsersNameStaysInsideTheSubject() async throws {
        let user = try Self.user(
            #"{"userName":"eve@example.com","name":{"givenName":"Eve\r\nBcc: evil@example.com"},"emails":[{"value":"eve@example.com","type":"work"}]}"#)
        let message = try WelcomeMail.message(for: user, settings: Self.settings(), from: Self.from)
        #expect(message.subject == "Welcome, Eve  Bcc: evil@example.com")
        try await StubSendmail.run { stub in
            try await stub.transport().send(message)
            let mail = try stub.parsed()
            #expect(!mail.headerNames.contains { $0.lowercased() == "bcc" })
            #expect(mail.to.map(\.address) == ["eve@example.com"])
        }
    }

    // MARK: - Saving the settings

    @Test func anUnknownPlaceholderIsRefusedWhenSaved() {
        #expect(
            throws: MailError(
                "The text template uses the unknown placeholder {{firstName}}; the known ones are {{givenName}}, {{familyName}}, {{userName}}, {{enrollmentURL}}."
            )
        ) { try Self.settings(text: "Hello {{firstName}}") }
        #expect(throws: MailError.self) { try Self.settings(subject: "Hi {{ GIVENNAME }}") }
        #expect(throws: MailError("The HTML template has a '{{' without its '}}'.")) { try Self.settings(html: "<p>{{givenName</p>") }
    }

    @Test func spacesInsideThePlaceholderBracesAreAllowed() throws {
        let settings = try Self.settings(subject: "Welcome, {{ givenName }}")
        let message = try WelcomeMail.message(for: Self.user(Self.ann), settings: settings, from: Self.from)
        #expect(message.subject == "Welcome, Zoë <script>")
    }

    @Test func theEnrollmentURLIsCheckedWhenSaved() {
        #expect(throws: MailError("The welcome mail uses {{enrollmentURL}} but no enrollment URL is set.")) {
            try Self.settings(url: nil)
        }
        #expect(throws: MailError.self) { try Self.settings(url: "javascript:alert(1)") }
        #expect(throws: MailError.self) { try Self.settings(url: "https://example.com/a b") }
        #expect(throws: MailError("The welcome mail's subject template contains a line break; a subject is one line.")) {
            try Self.settings(subject: "Welcome\r\nBcc: evil@example.com")
        }
        #expect(throws: MailError("The welcome mail's subject template is empty.")) { try Self.settings(subject: " ") }
    }

    @Test func theDefaultIsOffAndItsTemplatesRender() throws {
        let settings = WelcomeMailSettings.default
        #expect(settings.enabled == false)
        #expect(settings.enrollmentURL == nil)
        #expect(settings.subject.placeholders == [.givenName])
        #expect(settings.html.placeholders == [.givenName, .familyName, .userName])
        let message = try WelcomeMail.message(for: Self.user(Self.ann), settings: settings, from: Self.from)
        #expect(message.subject == "Welcome, Zoë <script>")
        #expect(message.text.contains("your account ann@example.com has been created."))
        #expect(message.html.contains("<p>Hello Zoë &lt;script&gt; O&#39;Brien &amp; Co,</p>"))
    }

    @Test func settingsRoundTripThroughJSONAndAreCheckedWhenRead() throws {
        let settings = try Self.settings()
        let data = try JSONEncoder().encode(settings)
        #expect(try JSONDecoder().decode(WelcomeMailSettings.self, from: data) == settings)
        let bad = #"{"enabled":true,"subject":"Hi {{nickName}}","text":"t","html":"h"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WelcomeMailSettings.self, from: Data(bad.utf8)) }
    }
}
