import ArgumentParser
import Provisioning

/// `scimctl notify`: the tenant's notification subscriptions (requirements §8,
/// docs/guides/notifications.md). Every subcommand builds the admin operation the admin API's
/// `/admin/v1/notify` routes build.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Webhook and mail subscriptions to the tenant's events, reports and error alerts; the welcome mail.",
        discussion: """
            Examples:
              scimctl notify add-webhook https://hooks.example.com/scimd --secret "$(openssl rand -hex 32)"
              scimctl notify add-webhook https://hooks.example.com/x --secret S --events user.created,user.deleted --frequency errors-only
              scimctl notify add-webhook https://hooks.slack.com/services/T000/B000/XXXX --secret S --format slack
              scimctl notify add-email it-admins@example.com --frequency daily --report-hour 7 --time-zone Europe/Berlin
              scimctl notify welcome set --enrollment-url https://app.example.com/enroll --text-file welcome.txt --on
              scimctl notify show --json
              scimctl notify set ID --error-window 5m --report-hour 7 --time-zone Europe/Berlin
              scimctl notify test ID
              scimctl notify status
            """,
        subcommands: [AddWebhook.self, AddEmail.self, Show.self, Set.self, Remove.self, Test.self, Status.self, NotifyWelcomeCommand.self])

    /// The settings `add-webhook` and `set` share.
    struct SettingOptions: ParsableArguments {
        @Option(help: "Event types to send, comma-separated, or 'all' (a webhook's default; mail gets none unless named).")
        var events: String?
        @Option(help: "Reports and error alerts: daily, errors-only or never (default daily).") var frequency: String?
        @Option(help: "Hour of the daily report, 0-23 in --time-zone (default 8).") var reportHour: Int?
        @Option(help: "IANA time zone of the report hour (default UTC).") var timeZone: String?
        @Option(help: "How long failures are gathered into one sync.errors event: 1s to 24h (default 15m).")
        var errorWindow: String?
        @Option(help: "Events per POST (1-1000, default 1); above 1 the body is {\"events\": [...]}.") var batchSize: Int?
        @Option(help: "Webhook body: json (the events, default), slack or teams (a chat post of the report and alerts).")
        var format: String?

        func settings(url: String? = nil, address: String? = nil, secret: String? = nil) -> SubscriptionSettings {
            SubscriptionSettings(
                url: url, address: address, secret: secret,
                events: events.map { $0.trimmingCharacters(in: .whitespaces) == "all" ? [] : $0.split(separator: ",").map(String.init) },
                frequency: frequency, reportHour: reportHour, timeZone: timeZone, errorWindow: errorWindow, batchSize: batchSize,
                format: format)
        }
    }

    struct AddWebhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-webhook", abstract: "Subscribe a URL; prints the new subscription's id on the last line.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The receiver's http:// or https:// URL.") var url: String
        @Option(help: "HMAC-SHA256 key for X-Scimd-Signature, at least 16 characters.") var secret: String
        @OptionGroup var options: SettingOptions

        func run() async throws {
            let created = try await scope.perform(Provisioning.AddWebhook(options.settings(url: url, secret: secret)))
            if scope.json { return try Output.json(created) }
            Output.line("Added webhook \(created.target) (\(NotifyCommand.describe(created))).")
            Output.line(created.id)
        }
    }

    struct AddEmail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-email",
            abstract: "Mail the daily report and error alerts to an address; prints the new subscription's id on the last line.",
            discussion: "scimd pipes each mail to its --mail-command (default /usr/sbin/sendmail -t -i), From its --mail-from.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The recipient: admin@example.com or 'IT <admin@example.com>'.") var address: String
        @OptionGroup var options: SettingOptions

        func run() async throws {
            let created = try await scope.perform(Provisioning.AddEmail(options.settings(address: address)))
            if scope.json { return try Output.json(created) }
            Output.line("Added mail to \(created.target) (\(NotifyCommand.describe(created))).")
            Output.line(created.id)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tenant's subscriptions (secrets are never shown).")
        @OptionGroup var scope: TenantScope

        func run() async throws {
            let list = try await scope.perform(ListSubscriptions())
            if scope.json { return try Output.jsonLines(list.subscriptions) }
            Output.table(
                ["ID", "CHANNEL", "TARGET", "EVENTS", "FREQUENCY", "REPORT", "ERROR WINDOW", "BATCH"],
                list.subscriptions.map {
                    [
                        $0.id, $0.format.map { $0 == "json" ? "webhook" : "webhook/\($0)" } ?? $0.channel, $0.target.isEmpty ? "(each new user)" : $0.target, NotifyCommand.events($0), $0.frequency,
                        String(format: "%02d:00 %@", $0.reportHour, $0.timeZone), $0.errorWindow, String($0.batchSize),
                    ]
                })
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a subscription's settings; the others stay.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Subscription id (scimctl notify show).") var id: String
        @Option(help: "A new URL (webhooks).") var url: String?
        @Option(help: "A new recipient (mail).") var address: String?
        @Option(help: "A new secret (webhooks).") var secret: String?
        @OptionGroup var options: SettingOptions

        func run() async throws {
            let changed = try await scope.perform(UpdateSubscription(id: id, options.settings(url: url, address: address, secret: secret)))
            if scope.json { return try Output.json(changed) }
            Output.line("Changed subscription \(changed.id) (\(NotifyCommand.describe(changed))).")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a subscription with its pending deliveries.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Subscription id.") var id: String

        func run() async throws {
            let removed = try await scope.perform(RemoveSubscription(id: id))
            if scope.json { return try Output.json(removed) }
            Output.line("Removed subscription \(removed.id) (\(removed.target)).")
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a notify.test event now (through the running scimd); see the result with `notify status`.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "Subscription id.") var id: String

        func run() async throws {
            let queued = try await scope.perform(TestSubscription(id: id))
            if scope.json { return try Output.json(queued) }
            Output.line("Queued test delivery \(queued.delivery); a running scimd sends it within a second.")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per subscription: pending, delivered and failed deliveries, the latest attempts and each failure's error.")
        @OptionGroup var scope: TenantScope
        @Option(help: "Latest attempts to show per subscription (1-1000).") var attempts = 10

        func run() async throws {
            let status = try await scope.perform(ShowNotifyStatus(attempts: attempts))
            if scope.json { return try Output.json(status) }
            if status.subscriptions.isEmpty {
                return Output.line("No subscriptions; add one with `scimctl notify add-webhook URL --secret S` or `scimctl notify add-email ADDRESS`.")
            }
            for entry in status.subscriptions {
                Output.line("\(entry.subscription.id)  \(entry.subscription.channel)  \(entry.subscription.target)")
                Output.line("  pending \(entry.pending), delivered \(entry.delivered), failed \(entry.failed)")
                for attempt in entry.recentAttempts {
                    let result = attempt.error ?? attempt.httpStatus.map { "HTTP \($0)" } ?? "sent"
                    Output.line("  \(Output.date(attempt.time))  \(attempt.delivery)  \(attempt.durationMs) ms  \(result)")
                }
                for failed in entry.failedDeliveries {
                    Output.line(
                        "  FAILED \(failed.id) \(failed.kind) after \(failed.attempts) attempts: \(failed.lastError ?? "unknown error")")
                }
            }
        }
    }

    static func describe(_ s: SubscriptionSummary) -> String {
        "events \(events(s)), frequency \(s.frequency), error window \(s.errorWindow)"
    }

    /// An empty list means every resource event for a JSON webhook and none for mail or chat.
    static func events(_ s: SubscriptionSummary) -> String {
        s.events.isEmpty ? (s.format == "json" ? "all" : "none") : s.events.joined(separator: ",")
    }
}
