import Foundation
import Provisioning
import Testing

@Suite("MailMessage: RFC 5322 and MIME as Python's email package reads them")
struct MailMessageTests {
    static let from = try! MailAddress("scimd@example.com", name: "scimd Überwachung")
    // 2026-12-01 17:40:15 UTC, a Tuesday.
    static let date = Date(timeIntervalSince1970: 1_796_146_815)

    static let text = """
        Zoë's report – ✓ done.
        .
        From here on a line that is much longer than seventy-six characters, so quoted-printable must break it with soft line breaks at least twice over: \(String(repeating: "abcdefghij", count: 12))
        trailing space   
        a = sign and a tab\there
        """
    static let html = #"<p style="color: #1f2328">Zoë = <b>bold</b></p>"#

    @Test func bothPartsParseAsMIMEWithTheirHeadersAndBodies() async throws {
        let message = try MailMessage(
            from: Self.from,
            to: [try MailAddress("ann@example.com", name: "Ann Müller"), try MailAddress("ops@example.com")],
            subject: "Rapport de synchro – Zoë ✓ (24 h)", text: Self.text, html: Self.html, date: Self.date,
            messageID: "report-1@example.com")
        try await StubSendmail.run { stub in
            try await stub.transport().send(message)
            #expect(try stub.savedMessage() == message.rendered())
            #expect(try stub.arguments() == ["-t", "-i"])
            let mail = try stub.parsed()
            #expect(mail.defects == [])
            #expect(mail.subject == "Rapport de synchro – Zoë ✓ (24 h)")
            #expect(mail.fromName == "scimd Überwachung")
            #expect(mail.fromAddress == "scimd@example.com")
            #expect(mail.to == [.init(name: "Ann Müller", address: "ann@example.com"), .init(name: "", address: "ops@example.com")])
            #expect(mail.date == 1_796_146_815)
            #expect(mail.messageID == "<report-1@example.com>")
            #expect(mail.mimeVersion == "1.0")
            #expect(mail.contentType == "multipart/alternative")
            #expect(mail.parts.map(\.contentType) == ["text/plain", "text/html"])
            let plain = try #require(mail.part("text/plain"))
            let rich = try #require(mail.part("text/html"))
            for part in [plain, rich] {
                #expect(part.charset == "utf-8")
                #expect(part.transferEncoding == "quoted-printable")
                #expect(part.defects == [])
            }
            #expect(plain.body == Self.text)
            #expect(rich.body == Self.html)
            // RFC 5322 §2.1.1 and §2.2: ASCII, CRLF only, 998 octets a line at most (76 for QP, 78 for headers).
            #expect(mail.asciiOnly)
            #expect(!mail.bareLineEnds)
            #expect(mail.longestLine <= 78)
            #expect(mail.longestHeaderLine <= 78)
        }
    }

    @Test func theHeadersAreInOrderWithAnRFC5322Date() throws {
        let message = try MailMessage(
            from: try MailAddress("scimd@example.com"), to: [try MailAddress("ann@example.com")], subject: "Hello", text: "t",
            html: "h", date: Self.date, messageID: "m1@example.com")
        #expect(
            message.headers == """
                From: scimd@example.com\r
                To: ann@example.com\r
                Subject: Hello\r
                Date: Tue, 01 Dec 2026 17:40:15 +0000\r
                Message-ID: <m1@example.com>\r
                Auto-Submitted: auto-generated\r
                MIME-Version: 1.0\r
                Content-Type: multipart/alternative; boundary="=_scimd_m1"
                """)
    }

    @Test func aGeneratedMessageIDIsUniqueAndAtTheFromDomain() throws {
        let make = { try MailMessage(from: Self.from, to: [Self.from], subject: "s", text: "t", html: "h") }
        let a = try make()
        let b = try make()
        #expect(a.messageID != b.messageID)
        #expect(a.messageID.hasSuffix("@example.com"))
    }

    @Test func aLongSubjectIsFoldedAndReadBackWhole() async throws {
        let ascii = (1...30).map { "word\($0)" }.joined(separator: " ")
        let accented = String(repeating: "Überprüfung der Synchronisation ", count: 6) + "fertig"
        for subject in [ascii, accented, "  spaced   out  "] {
            let message = try MailMessage(from: Self.from, to: [Self.from], subject: subject, text: "t", html: "h")
            #expect(message.headers.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
            try await StubSendmail.run { stub in
                try await stub.transport().send(message)
                #expect(try stub.parsed().subject == subject)
            }
        }
    }

    @Test func aDisplayNameWithSpecialsIsQuoted() async throws {
        let message = try MailMessage(
            from: try MailAddress(parsing: #""Ops, \"Team\"" <ops@example.com>"#), to: [try MailAddress(parsing: "Ann <ann@example.com>")],
            subject: "s", text: "t", html: "h")
        #expect(message.from.name == #"Ops, \"Team\""#)
        try await StubSendmail.run { stub in
            try await stub.transport().send(message)
            let mail = try stub.parsed()
            #expect(mail.fromName == #"Ops, \"Team\""#)
            #expect(mail.to == [.init(name: "Ann", address: "ann@example.com")])
        }
    }

    // MARK: - Refusals

    static let injectedSubjects = ["Hi\r\nBcc: evil@example.com", "Hi\nBcc: evil@example.com", "Hi\rX", "tab\tin", "nul\u{0}"]

    @Test(arguments: injectedSubjects)
    func aSubjectWithALineBreakIsRefused(_ subject: String) throws {
        let error = #expect(throws: MailError.self) {
            try MailMessage(from: Self.from, to: [Self.from], subject: subject, text: "t", html: "h")
        }
        #expect(error?.message.contains("contains a line break or another control character") == true)
        // The sentence itself stays on one line.
        #expect(error?.message.contains("\n") == false)
    }

    static let badAddresses: [(String, String)] = [
        // The last "@" splits it: the local part holds the line break.
        ("ann@example.com\r\nBcc: evil@example.com", "invalid local part"),
        ("ann\n@example.com", "invalid local part"),
        ("ann@exa mple.com", "invalid domain"),
        ("ann@", "invalid domain"),
        ("ann.example.com", "has no '@'"),
        ("zoë@example.com", "is not ASCII"),
        ("", "is empty"),
        ("<ann@example.com>", "invalid local part"),
    ]

    @Test(arguments: badAddresses)
    func aBadAddressIsRefusedWithASentence(_ address: String, _ reason: String) {
        let error = #expect(throws: MailError.self) { try MailAddress(address) }
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("\n") == false)
    }

    @Test func aDisplayNameWithALineBreakIsRefused() {
        #expect(throws: MailError.self) { try MailAddress("ann@example.com", name: "Ann\r\nBcc: evil@example.com") }
        #expect(throws: MailError.self) { try MailAddress(parsing: "Ann\nBcc: x <ann@example.com>") }
    }

    @Test func aDecodedAddressIsCheckedLikeATypedOne() throws {
        let good = try JSONDecoder().decode(MailAddress.self, from: Data(#"{"address":"ann@example.com","name":"Ann"}"#.utf8))
        #expect(good == (try MailAddress("ann@example.com", name: "Ann")))
        let injected = #"{"address":"ann@example.com","name":"Ann\r\nBcc: evil@example.com"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MailAddress.self, from: Data(injected.utf8)) }
    }

    @Test func aMessageWithoutRecipientsOrSubjectIsRefused() {
        #expect(throws: MailError("The message has no recipient.")) {
            try MailMessage(from: Self.from, to: [], subject: "s", text: "t", html: "h")
        }
        #expect(throws: MailError("The message has an empty subject.")) {
            try MailMessage(from: Self.from, to: [Self.from], subject: "  ", text: "t", html: "h")
        }
        #expect(throws: MailError.self) {
            try MailMessage(from: Self.from, to: [Self.from], subject: "s", text: "t", html: "h", messageID: "a\r\nb@x")
        }
    }

    @Test func aBodyLineLikeTheBoundaryCannotEndThePart() async throws {
        let message = try MailMessage(from: Self.from, to: [Self.from], subject: "s", text: "t", html: "h", messageID: "b1@example.com")
        let trap = "--=_scimd_b1--\n--=_scimd_b1\nContent-Type: text/html\n\n<evil>"
        let tricky = try MailMessage(from: Self.from, to: [Self.from], subject: "s", text: trap, html: "h", messageID: message.messageID)
        try await StubSendmail.run { stub in
            try await stub.transport().send(tricky)
            let mail = try stub.parsed()
            #expect(mail.parts.count == 2)
            #expect(mail.part("text/plain")?.body == trap)
        }
    }
}
