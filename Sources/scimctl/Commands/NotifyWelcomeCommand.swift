import ArgumentParser
import Foundation
import Provisioning

/// `scimctl notify welcome`: the mail each newly provisioned user gets (requirements §8,
/// docs/guides/notifications.md "The welcome mail"). The same operations as
/// `/admin/v1/notify/welcome`.
struct NotifyWelcomeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "welcome", abstract: "The welcome mail to newly provisioned users (off by default).",
        discussion: """
            Templates may use {{givenName}}, {{familyName}}, {{userName}} and {{enrollmentURL}}.
            Examples:
              scimctl notify welcome show
              scimctl notify welcome set --subject 'Welcome to Acme, {{givenName}}' --text-file welcome.txt --html-file welcome.html
              scimctl notify welcome set --enrollment-url https://app.example.com/enroll --on
              scimctl notify welcome preview alice@example.com
              scimctl notify welcome set --off
            """,
        subcommands: [Show.self, Set.self, Preview.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Whether the welcome mail is on, with its templates.")
        @OptionGroup var scope: TenantScope

        func run() async throws {
            let summary = try await scope.perform(ShowWelcomeMail())
            if scope.json { return try Output.json(summary) }
            NotifyWelcomeCommand.print(summary)
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the welcome mail; fields not given stay. Switching it on mails users provisioned from then on.")
        @OptionGroup var scope: TenantScope
        @Flag(name: .customLong("on"), help: "Send the welcome mail.") var on = false
        @Flag(name: .customLong("off"), help: "Stop sending it (the templates stay).") var off = false
        @Option(help: "From address, e.g. 'Acme IT <it@example.com>'; '' means scimd's --mail-from.") var from: String?
        @Option(help: "Subject template (one line).") var subject: String?
        @Option(help: "File with the plain-text template (UTF-8).") var textFile: String?
        @Option(help: "File with the HTML template (UTF-8).") var htmlFile: String?
        @Option(help: "The http(s) URL {{enrollmentURL}} stands for; '' clears it.") var enrollmentURL: String?

        func validate() throws {
            if on && off { throw ValidationError("Give --on or --off, not both.") }
        }

        func run() async throws {
            let change = WelcomeMailChange(
                enabled: on ? true : off ? false : nil, from: from, subject: subject, text: try textFile.map(Self.read),
                html: try htmlFile.map(Self.read), enrollmentURL: enrollmentURL)
            let summary = try await scope.perform(ChangeWelcomeMail(change))
            if scope.json { return try Output.json(summary) }
            Output.line("The welcome mail is \(summary.enabled ? "on" : "off").")
        }

        static func read(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("Cannot read '\(path)'; give a readable UTF-8 file.")
            }
            guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("'\(path)' is not UTF-8 text.") }
            return text
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the welcome mail a user would get, without sending it.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The user: id, userName or externalId.") var user: String
        @Flag(help: "Print the HTML part too.") var html = false

        func run() async throws {
            let preview = try await scope.perform(PreviewWelcomeMail(user: user))
            if scope.json { return try Output.json(preview) }
            Output.line("From: \(preview.from ?? "(scimd's --mail-from)")")
            Output.line("To: \(preview.to.joined(separator: ", "))")
            Output.line("Subject: \(preview.subject)")
            if !preview.enabled { Output.line("(The welcome mail is off: nothing is sent until `scimctl notify welcome set --on`.)") }
            Output.line("")
            Output.line(preview.text)
            if html { Output.line(preview.html) }
        }
    }

    static func print(_ summary: WelcomeMailSummary) {
        Output.line("Welcome mail: \(summary.enabled ? "on" : "off")")
        Output.line("From: \(summary.from ?? "(scimd's --mail-from)")")
        Output.line("Enrollment URL: \(summary.enrollmentURL ?? "(none)")")
        Output.line("Subject: \(summary.subject)")
        Output.line("")
        Output.line(summary.text)
    }
}
