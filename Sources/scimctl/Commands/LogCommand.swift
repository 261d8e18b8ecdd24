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

    func validate() throws {
        if let status, SyncStatus(rawValue: status) == nil {
            throw ValidationError("--status must be success, failure, skipped or warning.")
        }
        if user != nil, group != nil { throw ValidationError("Give --user or --group, not both.") }
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, TimeExpression.milliseconds(value, nowMs: 0) == nil {
                throw ValidationError("\(name) must be a duration like 24h or 7d, or a date like 2026-11-23.")
            }
        }
    }

    func run() async throws {
        let services = try global.services()
        let now = services.clock.nowMs()
        var query = SyncLogQuery(limit: limit)
        if let tenant { query.tenantID = try await services.tenants.tenant(named: tenant).id }
        query.sinceMs = since.flatMap { TimeExpression.milliseconds($0, nowMs: now) }
        query.untilMs = until.flatMap { TimeExpression.milliseconds($0, nowMs: now) }
        query.statuses = status.flatMap(SyncStatus.init(rawValue:)).map { [$0] } ?? []
        query.operation = operation
        if let user {
            query.resourceName = user
            query.resourceType = ResourceKind.user.rawValue
        }
        if let group {
            query.resourceName = group
            query.resourceType = ResourceKind.group.rawValue
        }
        let entries = try await services.syncLog.entries(query)
        print(entries)
        if !global.json { Output.line(Self.summary(entries)) }
        guard follow else { return }
        var last = entries.map(\.seq).max() ?? 0
        if last == 0 { last = try await services.syncLog.entries(SyncLogQuery(tenantID: query.tenantID, limit: 1)).first?.seq ?? 0 }
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(500))
            var next = query
            next.afterSeq = last
            next.sinceMs = nil
            next.limit = 1000
            let fresh = try await services.syncLog.entries(next)
            if let maxSeq = fresh.map(\.seq).max() { last = maxSeq }
            print(fresh, header: false)
        }
    }

    private func print(_ entries: [SyncLogEntry], header: Bool = true) {
        if global.json {
            for e in entries { Output.json(Self.json(e)) }
            return
        }
        guard !entries.isEmpty || header else { return }
        let rows = entries.map { e in
            [
                Output.date(e.timeMs), Output.status(e.status.rawValue), e.operation, e.resourceType ?? "-",
                e.resourceName ?? e.resourceID ?? "-", e.message,
            ]
        }
        if header { Output.table(["TIME", "STATUS", "OPERATION", "TYPE", "NAME", "MESSAGE"], rows) } else {
            for row in rows { Output.line(row.joined(separator: "  ")) }
        }
    }

    static func summary(_ entries: [SyncLogEntry]) -> String {
        func count(_ op: String) -> Int { entries.filter { $0.status == .success && $0.operation == op }.count }
        let failed = entries.filter { $0.status == .failure }.count
        let updated = count("patch") + count("replace")
        return "\(entries.count) entries: \(count("create")) created, \(updated) updated, \(count("delete")) deleted, \(failed) failed"
    }

    static func json(_ e: SyncLogEntry) -> SCIMValue {
        var o = SCIMObject()
        o["seq"] = .integer(Int(e.seq))
        o["time"] = .string(SCIMDateTime.format(milliseconds: e.timeMs))
        o["tenantId"] = .integer(Int(e.tenantID))
        o["correlationId"] = e.correlationID.map { .string($0) } ?? .null
        o["client"] = e.client.map { .string($0) } ?? .null
        o["sourceAddress"] = e.sourceAddress.map { .string($0) } ?? .null
        o["operation"] = .string(e.operation)
        o["resourceType"] = e.resourceType.map { .string($0) } ?? .null
        o["resourceId"] = e.resourceID.map { .string($0) } ?? .null
        o["resourceName"] = e.resourceName.map { .string($0) } ?? .null
        o["externalId"] = e.externalID.map { .string($0) } ?? .null
        o["status"] = .string(e.status.rawValue)
        o["errorCode"] = e.errorCode.map { .string($0) } ?? .null
        o["message"] = .string(e.message)
        o["changes"] = e.changes ?? .null
        o["details"] = e.details ?? .null
        return .object(o)
    }
}

/// `--since` / `--until` values: a duration back from now, or an absolute date.
enum TimeExpression {
    static func milliseconds(_ text: String, nowMs: Int64) -> Int64? {
        let units: [Character: Int64] = ["s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000]
        if let unit = text.last, let factor = units[unit], let n = Int64(text.dropLast()), n >= 0 {
            return nowMs - n * factor
        }
        if let ms = SCIMDateTime.parse(text) { return ms }
        if text.count == 10, let ms = SCIMDateTime.parse(text + "T00:00:00Z") { return ms }
        return nil
    }
}
