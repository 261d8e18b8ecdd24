import ArgumentParser
import Foundation
import Provisioning

/// `scope`: the tenant's sync-scope rules — which attributes a pushed user must have, and which
/// users receive roles and organizations (requirements §5, docs/guides/troubleshooting.md).
struct ScopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scope", abstract: "Show or change the sync scope rules: required attributes and inclusion criteria.",
        discussion: """
            Criteria: userType, department (enterprise extension), office (work address locality, else \
            enterprise division, else organization), domain (of the primary or work email) and group \
            (member of a group by displayName or externalId). Values compare case-insensitively; `all` \
            admits any value, including values first seen later. A user must meet every criterion.
            """,
        subcommands: [Show.self, Require.self, Include.self, Clear.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the tenant's rules (the defaults if none were saved).")
        @OptionGroup var scope: TenantScope

        func run() async throws {
            let rules = try await scope.perform(ShowScope())
            if scope.json { return try Output.json(rules) }
            ScopeCommand.render(rules)
        }
    }

    struct Require: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the required attributes: SCIM attribute paths, comma-separated, or `none`.",
            discussion: #"Example: scimctl scope require 'emails[type eq "work"].value,name.givenName,name.familyName'"#)
        @OptionGroup var scope: TenantScope
        @Argument(help: "PATH[,PATH…] or none.") var paths: [String]

        func run() async throws {
            let list = paths.count == 1 && paths[0].lowercased() == "none" ? [] : paths.flatMap(ScopeCommand.splitList)
            guard !list.isEmpty || paths.count == 1 else { throw ValidationError("Name at least one attribute path, or `none`.") }
            try ScopeCommand.changed(try await scope.change(ChangeScope(.require(list))), json: scope.json)
        }
    }

    struct Include: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Admit only users whose CRITERION is one of VALUES (comma-separated), or any value with `all`.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "userType, department, office, domain or group.") var criterion: String
        @Argument(help: "all, or VALUE[,VALUE…].") var values: [String]

        func run() async throws {
            let criterion = try ChangeScope.criterion(named: criterion)
            let list = values.flatMap(ScopeCommand.splitList)
            let allowed: AllowedValues = list.count == 1 && list[0].lowercased() == "all" ? .all : .values(list)
            if case .values(let v) = allowed, v.isEmpty { throw ValidationError("Name at least one value, or `all`.") }
            try ScopeCommand.changed(try await scope.change(ChangeScope(.include(criterion, allowed))), json: scope.json)
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a criterion: it then admits every user.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "userType, department, office, domain or group.") var criterion: String

        func run() async throws {
            let criterion = try ChangeScope.criterion(named: criterion)
            try ScopeCommand.changed(try await scope.change(ChangeScope(.clear(criterion))), json: scope.json)
        }
    }

    static func render(_ rules: ScopeRulesSummary) {
        Output.line("Sync scope of tenant '\(rules.tenant)'\(rules.isDefault ? " (the defaults)" : ""):")
        for line in rules.lines { Output.line("  \(line)") }
    }

    static func changed(_ rules: ScopeRulesSummary, json: Bool) throws {
        if json { return try Output.json(rules) }
        render(rules)
        Output.line("Every user of the tenant was re-evaluated against these rules; `scimctl log --operation scope-update` shows the change.")
    }

    /// Splits on commas outside brackets and quotes, so `emails[type eq "a,b"].value` stays whole.
    static func splitList(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for character in text {
            switch character {
            case "\"": quoted.toggle()
            case "[" where !quoted: depth += 1
            case "]" where !quoted: depth = max(0, depth - 1)
            case "," where !quoted && depth == 0:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
