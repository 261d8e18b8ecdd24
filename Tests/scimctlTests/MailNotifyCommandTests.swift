import Foundation
import Provisioning
import SCIM
import Testing

/// Mail notifications as an operator sets them up: a running scimd with `--mail-command`
/// (a stub that keeps each message), `scimctl notify add-email` and `notify welcome set --on`,
/// then SCIM traffic. Each message is read back by Python's email package.
@Suite("scimctl notify: mail through a running scimd", .serialized)
struct MailNotifyCommandTests {
    /// A sendmail stand-in that keeps each message as mail-XXXXXXXX.eml in `directory` and
    /// checks it was called with -t -i.
    static func stub(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("sendmail").path
        let script = """
            #!/bin/sh
            [ "$1" = "-t" ] && [ "$2" = "-i" ] || exit 64
            # A name of its own per message: the deliverer sends different subscriptions' mails at once.
            cat > "$(mktemp '\(directory.path)'/mail-XXXXXXXX.eml)"
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    /// Subject, To and the text part of each kept message (in no particular order), as Python reads them.
    static func mails(in directory: URL) throws -> [(subject: String, to: String, text: String)] {
        let parser = """
            import email, email.policy, json, sys, glob
            out = []
            for path in sorted(glob.glob(sys.argv[1] + '/*.eml')):
                m = email.message_from_bytes(open(path, 'rb').read(), policy=email.policy.default)
                text = m.get_body(preferencelist=('plain',))
                out.append({'subject': str(m['Subject']), 'to': str(m['To']), 'text': text.get_content() if text else ''})
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", parser, directory.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let parsed = try SCIMValue(parsing: String(decoding: data, as: UTF8.self)).arrayValue ?? []
        return parsed.map {
            ($0["subject"]?.stringValue ?? "", $0["to"]?.stringValue ?? "", $0["text"]?.stringValue ?? "")
        }
    }

    static func wait(seconds: Double, until done: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try done() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try done()
    }

    @Test("add-email with errors-only mails one digest of refused requests; the welcome mail reaches each new user once")
    func mailEndToEnd() async throws {
        try await CLIFixture.run(scope: .defaults) { f in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-mailcli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let sendmail = try Self.stub(in: directory)

            let added = try await f.scimctl(
                "notify", "add-email", "IT <it@example.com>", "--frequency", "errors-only", "--error-window", "1s")
            #expect(added.status == 0, "\(added)")
            let id = try #require(added.lines.last)
            let shown = try await f.scimctl("notify", "show")
            #expect(shown.stdout.contains("email") && shown.stdout.contains("none"), "\(shown)")
            let welcome = try await f.scimctl(
                "notify", "welcome", "set", "--on", "--subject", "Welcome, {{givenName}}", "--enrollment-url", "https://app.example.com/enroll")
            #expect(welcome.status == 0 && welcome.stdout.contains("on"), "\(welcome)")

            let token = try await f.services.tokenAdministration.createToken(name: "idp").secret
            let server = try await RunningServer.start(
                database: f.databasePath, token: token, options: ["--mail-command", "\(sendmail) -t -i", "--mail-from", "scimd@example.com"])
            do {
                let refused = try await server.request(
                    "POST", "/Users", json: ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "nomail"])
                #expect(refused.status == 400)
                let user: SCIMValue = [
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ann@example.com",
                    "name": ["givenName": "Ann", "familyName": "Lee"], "emails": [["type": "work", "value": "ann@example.com"]],
                ]
                #expect(try await server.request("POST", "/Users", json: user).status == 201)
                let annID = try #require(try await f.scimctl("users", "show", "ann@example.com", "--json").jsonLines.first?["id"]?.stringValue)
                #expect(try await server.request("PUT", "/Users/\(annID)", json: user).status == 200)

                #expect(try await Self.wait(seconds: 20) { try Self.mails(in: directory).count >= 2 })
                try await Task.sleep(for: .seconds(2))
                let mails = try Self.mails(in: directory)
                #expect(mails.count == 2, "one digest, one welcome: \(mails.map(\.subject))")
                let digest = try #require(mails.first { $0.subject.contains("sync error") })
                #expect(digest.subject == "scimd: 1 sync error for default" && digest.to == "IT <it@example.com>")
                #expect(digest.text.contains("nomail"), "\(digest.text)")
                let hello = try #require(mails.first { $0.subject.hasPrefix("Welcome") })
                #expect(hello.subject == "Welcome, Ann" && hello.to == "Ann Lee <ann@example.com>", "\(hello)")

                let status = try await f.scimctl("notify", "status")
                #expect(status.stdout.contains("\(id)  email") && status.stdout.contains("delivered 1"), "\(status)")
                let log = try await f.scimctl("log", "--operation", "welcome-mail", "--json")
                #expect(log.jsonLines.count == 1 && log.jsonLines.first?["resourceName"] == "ann@example.com", "\(log)")
                let preview = try await f.scimctl("notify", "welcome", "preview", "ann@example.com")
                #expect(preview.status == 0 && preview.stdout.contains("Subject: Welcome, Ann"), "\(preview)")
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }
}
