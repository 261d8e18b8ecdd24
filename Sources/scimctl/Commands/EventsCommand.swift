import ArgumentParser
import Foundation
import Provisioning
import SCIM

/// `scimctl events`: the tenant's application event feed (requirements §8, docs/events.md),
/// oldest first after a cursor, one line per event.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Show the application event feed, oldest first after a cursor.",
        discussion: """
            Each event carries a cursor; pass the last one back with --after to read what came next.
            With --follow and no --after, only events written from now on are printed.
            Examples:
              scimctl events --after 0 --limit 20
              scimctl events --type user.created,group.user_added --json
              scimctl events --follow
            """)

    @OptionGroup var scope: TenantScope
    @Option(help: "Cursor to start after (0: the oldest event kept). Default 0, or the newest with --follow.")
    var after: String?
    @Option(help: "Only these event types, comma-separated (e.g. user.created,user.deleted).")
    var type: String?
    @Option(help: "Most events per page (1-1000).") var limit = ListEvents.defaultLimit
    @Flag(help: "Keep printing new events as they are written, like tail -f.") var follow = false

    private func operation(after cursor: String?) -> ListEvents { ListEvents(after: cursor, limit: limit, types: type) }

    func validate() throws {
        do {
            try operation(after: after).validate()
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let context = try await scope.global.context(tenant: scope.tenant)
        guard follow else {
            let page = try await operation(after: after).run(context)
            try print(page.events)
            if !scope.json {
                Output.line("\(page.events.count) \(page.events.count == 1 ? "event" : "events") shown; next cursor \(page.nextCursor)")
            }
            return
        }
        var cursor = after
        if cursor == nil {
            let tenant = try context.requireTenant()
            cursor = String(try await context.services.events.latestCursor(tenantID: tenant.id))
        }
        // On stderr, so --json output stays one event per line.
        FileHandle.standardError.write(Data("Following events after cursor \(cursor ?? "0"); Ctrl-C stops.\n".utf8))
        while !Task.isCancelled {
            let page = try await operation(after: cursor).run(context)
            try print(page.events)
            cursor = page.nextCursor
            // A full page means more are waiting: read on at once, sleep only when caught up.
            if page.events.count < limit { try await Task.sleep(for: .milliseconds(500)) }
        }
    }

    private func print(_ events: [Event]) throws {
        for event in events {
            if scope.json { try Output.json(event) } else { Output.line(Self.line(event)) }
        }
    }

    /// `2026-12-01 13:14:17  user.created  alice@example.com  cursor 12`.
    static func line(_ event: Event) -> String {
        [
            Output.date(SCIMDateTime.format(milliseconds: event.record.timeMs)), event.record.type, subject(event.record.data),
            "cursor \(event.cursor)",
        ].joined(separator: "  ")
    }

    /// What an event is about, as a person reads it.
    static func subject(_ data: SCIMValue) -> String {
        func name(_ value: SCIMValue?) -> String {
            value?["userName"]?.stringValue ?? value?["displayName"]?.stringValue ?? value?["id"]?.stringValue ?? "-"
        }
        if let user = data["user"], let group = data["group"] { return "user '\(name(user))', group '\(name(group))'" }
        var text = name(data)
        if let roles = data["roles"]?["after"]?.arrayValue {
            text += " roles [\(roles.compactMap(\.stringValue).joined(separator: ", "))]"
        }
        if let organization = data["organization"]?["after"], organization != .null {
            text += " organization '\(organization.stringValue ?? "")'"
        }
        if let changed = data["changedAttributes"]?.arrayValue {
            text += " changed \(changed.compactMap(\.stringValue).joined(separator: ", "))"
        }
        return text
    }
}
