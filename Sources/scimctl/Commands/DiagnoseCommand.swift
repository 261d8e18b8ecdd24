import ArgumentParser
import Provisioning
import SCIM
import Store

/// `scimctl diagnose KEY` / `scimctl diagnose --group G`: why a user (or a group's members) has
/// or has not synced, from the `DiagnoseUser` and `DiagnoseGroup` operations.
struct DiagnoseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Explain why a user, or each member of a group, has or has not synced.",
        discussion: """
            A user is named by id, userName, externalId or email. The answer says whether scimd received it, \
            each sync scope rule met or not with the user's values, its roles and organization and where they \
            come from, open mapping errors with their remedy, and the last sync-log entries about it.
            """)

    @OptionGroup var scope: TenantScope
    @Argument(help: ArgumentHelp("The user's id, userName, externalId or email.", valueName: "user"))
    var user: String?
    @Option(help: ArgumentHelp("Diagnose every member of this group (id, displayName or externalId) instead.", valueName: "group"))
    var group: String?

    func validate() throws {
        if (user == nil) == (group == nil) {
            throw ValidationError(
                "Name a user (scimctl diagnose USER) or a group (scimctl diagnose --group GROUP)\(user == nil ? "" : ", not both").")
        }
    }

    func run() async throws {
        if let group {
            let diagnosis = try await scope.perform(DiagnoseGroup(group: group))
            if scope.json { return try Output.json(diagnosis) }
            Self.render(diagnosis)
        } else if let user {
            let diagnosis = try await scope.perform(DiagnoseUser(user: user))
            if scope.json { return try Output.json(diagnosis) }
            Self.render(diagnosis)
        }
    }

    // MARK: A user

    static func render(_ d: UserDiagnosis) {
        if let user = d.user {
            Output.line(
                "User \(user.userName) (id \(user.id), externalId \(user.externalId ?? "-"), found by \(user.matchedBy)) in tenant \(d.tenant)"
                    + (user.source == "local" ? " (a local user, created in scimd)" : ""))
        } else {
            Output.line("User '\(d.key)' in tenant \(d.tenant)")
        }
        Output.line(d.summary)
        if !d.candidates.isEmpty {
            section("Users with this email")
            for candidate in d.candidates { Output.line("  \(candidate.userName)  (id \(candidate.id))") }
        }
        if !d.rules.isEmpty {
            section("Sync scope rules: " + (d.eligible == true ? "eligible (in scope)" : "NOT eligible (out of scope)"))
            let rows = d.rules.map { check -> [String] in
                let values = check.values.isEmpty ? "no value" : check.values.map { "'\($0)'" }.joined(separator: ", ")
                return ["  " + (check.met ? "✓ met" : "✗ NOT MET"), check.rule, values]
            }
            table(rows)
        } else if d.status == .known {
            section("Sync scope rules: none (every user is in scope)")
        }
        if let assignment = d.assignment, let user = d.user {
            section("Assignment")
            Output.line("  State:        " + (user.active ? "active" : "inactive") + (assignment.suspended ? " (roles and organization suspended)" : ""))
            Output.line("  Frozen:       " + (assignment.outOfScope.map { "yes, out of scope: \($0)" } ?? "no"))
            let roles = assignment.roles.map { "\($0.role) (mapping \($0.mapping), group '\($0.group)')" }
            Output.line("  Roles:        " + (roles.isEmpty ? "none" : roles.joined(separator: ", ")))
            let organization = assignment.organization.map { org -> String in
                guard let mapping = org.mapping else { return "\(org.name) (no current mapping explains it)" }
                return "\(org.name) (mapping \(mapping), group '\(org.group ?? "")', priority \(org.priority.map(String.init) ?? "-"))"
            }
            Output.line("  Organization: " + (organization ?? "none"))
        }
        if !d.errors.isEmpty {
            section("Open mapping errors")
            for error in d.errors {
                Output.line("  \(error.kind.rawValue) '\(error.target)' from group '\(error.group)' (\(error.reason), log entry \(error.logEntry))")
                Output.line("    Remedy: \(error.remedy)")
            }
        }
        if d.status != .ambiguous {
            section(d.log.isEmpty ? "Sync log: no entries about this user" : "Sync log (newest first)")
            table(
                d.log.map { summary in
                    let e = summary.entry
                    return [
                        "  " + Output.date(SCIMDateTime.format(milliseconds: e.timeMs)), Output.status(e.status.rawValue), e.operation,
                        e.message,
                    ]
                })
        }
        if !d.checklist.isEmpty {
            section("What to check at the identity provider")
            for item in d.checklist { Output.line("  - \(item)") }
        }
    }

    // MARK: A group

    static func render(_ d: GroupDiagnosis) {
        Output.line("Group \(d.group.displayName) (id \(d.group.id), externalId \(d.group.externalId ?? "-")) in tenant \(d.tenant)")
        Output.line(
            "\(d.users) member users\(d.groups > 0 ? " and \(d.groups) nested groups" : ""): \(d.inScope) in scope, "
                + "\(d.outOfScope) out of scope, \(d.inactive) inactive")
        section("Sync scope rules")
        for line in d.rules { Output.line("  \(line)") }
        if !d.failedRules.isEmpty {
            section("Failed rules")
            for failed in d.failedRules { Output.line("  \(failed.summary)") }
        }
        guard !d.members.isEmpty else { return }
        section("Members")
        Output.table(
            ["USERNAME", "SCOPE", "STATE", "FAILED RULES"],
            d.members.map { member in
                [
                    member.userName, member.inScope ? "✓ in scope" : "✗ out", member.active ? "active" : "inactive",
                    member.failed.isEmpty ? "-" : member.failed.joined(separator: "; "),
                ]
            })
        if d.truncated { Output.line("(the first \(d.members.count) of \(d.users) members are listed)") }
    }

    // MARK: Layout

    private static func section(_ title: String) {
        Output.line("")
        Output.line(Output.isTerminal ? "\u{1B}[1m\(title)\u{1B}[0m" : title)
    }

    /// Rows padded to their widest cell, without a header line.
    private static func table(_ rows: [[String]]) {
        var widths: [Int] = []
        for row in rows {
            for (i, cell) in row.enumerated() {
                if i >= widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.count)
            }
        }
        for row in rows {
            Output.line(
                row.enumerated().map { i, cell in
                    i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                }.joined(separator: "  "))
        }
    }
}
