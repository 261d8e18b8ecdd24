import ArgumentParser
import Foundation
import Provisioning
import SCIM
import Store

/// `scimctl log`: the sync log, newest first, filtered the way an administrator asks
/// ("which users failed and why in the last 24 h?").
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Show the sync log, newest first.",
        discussion: """
            Examples:
              scimctl log --since 24h --status failure
              scimctl log --user alice@example.com --limit 20
              scimctl log --follow --json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only entries newer than this: a duration (30m, 24h, 7d) or a date (2026-11-23 or an ISO timestamp).")
    var since: String?
    @Option(help: "Only entries older than this (same forms as --since).") var until: String?
    @Option(help: "success, failure, skipped or warning.") var status: String?
    @Option(help: "Only entries about this user (userName, externalId or id).") var user: String?
    @Option(help: "Only entries about this group (displayName, externalId or id).") var group: String?
    @Option(help: "Only this operation, e.g. create, patch, delete.") var operation: String?
    @Option(help: "Only this tenant (default: all tenants).") var tenant: String?
    @Option(help: "Most entries to show.") var limit = 50
    @Flag(help: "Keep printing new entries as they are written, like tail -f.") var follow = false

    /// The operation these options ask for; `afterSequence` tails the log from an entry on.
    private func operation(afterSequence: Int64? = nil, limit: Int? = nil) -> QueryLog {
        QueryLog(
            since: since, until: until, status: status, user: user, group: group, operation: operation, tenant: tenant,
            limit: limit ?? self.limit, afterSequence: afterSequence)
    }

    func validate() throws {
        do {
            _ = try operation().query(nowMs: 0)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let context = try await global.context(tenant: nil)
        let entries = try await operation().run(context).map(\.entry)
        try print(entries)
        if !global.json { Output.line(Self.summary(entries)) }
        guard follow else { return }
        var last = entries.map(\.seq).max() ?? 0
        if last == 0 {
            last = try await QueryLog(tenant: tenant, limit: 1).run(context).first?.entry.seq ?? 0
        }
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(500))
            let fresh = try await operation(afterSequence: last, limit: 1000).run(context).map(\.entry)
            if let newest = fresh.map(\.seq).max() { last = newest }
            try print(fresh, header: false)
        }
    }

    private func print(_ entries: [SyncLogEntry], header: Bool = true) throws {
        if global.json {
            for entry in entries { try Output.json(LogEntrySummary(entry)) }
            return
        }
        guard !entries.isEmpty || header else { return }
        let rows = entries.map { e in
            [
                Output.date(SCIMDateTime.format(milliseconds: e.timeMs)), Output.status(e.status.rawValue), e.operation,
                e.resourceType ?? "-", e.resourceName ?? e.resourceID ?? "-", e.message,
            ]
        }
        if header { Output.table(["TIME", "STATUS", "OPERATION", "TYPE", "NAME", "MESSAGE"], rows) } else {
            for row in rows { Output.line(row.joined(separator: "  ")) }
        }
    }

    static func summary(_ entries: [SyncLogEntry]) -> String {
        let counts = SyncLogCounts(entries)
        let noun = entries.count == 1 ? "entry" : "entries"
        var text = "\(entries.count) \(noun) shown: \(counts.created) created, \(counts.updated) updated, \(counts.deleted) deleted, "
            + "\(counts.failed) failed"
        if counts.skipped > 0 { text += ", \(counts.skipped) skipped" }
        return text
    }
}
