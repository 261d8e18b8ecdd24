import Foundation

/// The sync report as text for a terminal: headed sections, numbers right-aligned in columns.
/// The console and the mailer's plain-text part reuse it; scimctl only prints it.
public enum ReportText {
    public static func render(_ report: SyncReport) -> String {
        var out: [String] = []
        out.append("Sync report for tenant '\(report.tenant)'")
        out.append("Period:  \(time(report.since)) to \(time(report.until)) (until excluded)")
        out.append("Entries: \(number(report.entries))")

        section("Failure rate", into: &out)
        let marker = ["ok": "OK", "warning": "WARNING", "critical": "CRITICAL"][report.failureRate.level.rawValue] ?? ""
        out.append("  \(marker): \(report.failureRate.message)")

        section("Users and groups", into: &out)
        let u = report.users
        let g = report.groups
        out += table(
            ["", "USERS", "GROUPS"],
            [
                ["created", number(u.created), number(g.created)], ["updated", number(u.updated), number(g.updated)],
                ["  deactivated", number(u.deactivated), "-"], ["  reactivated", number(u.reactivated), "-"],
                ["deleted", number(u.deleted), number(g.deleted)],
            ])

        section("Roles and organizations", into: &out)
        let a = report.assignments
        out += table(
            nil,
            [
                ["roles assigned", number(a.rolesAssigned)], ["roles removed", number(a.rolesRemoved)],
                ["organization moves", number(a.organizationMoves)], ["users affected", number(a.users)],
            ])

        section("Out of sync scope", into: &out)
        let s = report.outOfScope
        if s.entries == 0 {
            out.append("  No user was out of scope.")
        } else {
            let users = "\(number(s.users)) \(s.users == 1 ? "user" : "users")"
            let entries = "\(number(s.entries)) \(s.entries == 1 ? "entry" : "entries")"
            out.append("  \(users) (\(entries)), by failed rule:")
            out += table(["RULE", "USERS", "ENTRIES"], s.rules.map { [$0.rule, number($0.users), number($0.entries)] }, indent: 4)
        }

        section("Refused requests", into: &out)
        if report.refusals.causes.isEmpty {
            out.append("  None.")
        } else {
            out += table(
                ["COUNT", "CAUSE", "EXAMPLE"],
                report.refusals.causes.map { [number($0.count), $0.errorCode ?? "-", shortened($0.example)] }, numericColumns: [0])
        }

        section("Open mapping errors", into: &out)
        if report.openMappingErrors.isEmpty {
            out.append("  None.")
        } else {
            for error in report.openMappingErrors {
                let users = "\(number(error.users)) \(error.users == 1 ? "user" : "users")"
                let example = error.exampleUser.map { ", e.g. \($0)" } ?? ""
                let what = "\(error.kind.rawValue) '\(error.target)' from group '\(error.group)'"
                out.append("  \(what): \(error.reason), \(users)\(example), since \(time(error.since))")
                out.append("    Remedy: \(error.remedy)")
            }
        }

        section("Busiest clients", into: &out)
        if report.clients.isEmpty {
            out.append("  None.")
        } else {
            out += table(
                ["CLIENT", "REQUESTS", "FAILURES"], report.clients.map { [$0.client ?? "-", number($0.requests), number($0.failures)] })
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func section(_ title: String, into out: inout [String]) {
        out.append("")
        out.append(title)
        out.append(String(repeating: "-", count: title.count))
    }

    /// Rows padded to the widest cell; numeric columns (by default all but the first) are right-aligned.
    private static func table(_ headers: [String]?, _ rows: [[String]], indent: Int = 2, numericColumns: Set<Int>? = nil) -> [String] {
        let all = (headers.map { [$0] } ?? []) + rows
        let columns = all.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        let numeric = numericColumns ?? Set(1..<max(1, columns))
        return all.map { row in
            let cells = row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                // The last column is left as it is when it is text (an example message is not padded).
                if numeric.contains(c) { return pad + cell }
                return c == row.count - 1 ? cell : cell + pad
            }
            return String(repeating: " ", count: indent) + cells.joined(separator: "  ")
        }
    }

    /// An RFC 3339 time as people read it: "2026-12-01T17:15:41.253Z" as "2026-12-01 17:15:41 UTC".
    /// The JSON keeps the RFC 3339 form.
    static func time(_ rfc3339: String) -> String {
        guard rfc3339.hasSuffix("Z"), rfc3339.count >= 20 else { return rfc3339 }
        return String(rfc3339.prefix(19)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// An example message cut to one terminal line; the JSON and HTML carry it whole.
    private static func shortened(_ text: String, to limit: Int = 100) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "\u{2026}"
    }

    /// 1234567 as "1,234,567".
    static func number(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var grouped = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (n < 0 ? "-" : "") + grouped
    }
}
