import ArgumentParser
import Foundation
import Provisioning
import SCIM

/// `scimctl provision [--dry-run] FILE.json`: one User or Group payload provisioned on demand,
/// as the identity provider would send it (the `ProvisionOnDemand` operation).
struct ProvisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Provision one User or Group payload on demand, or with --dry-run show what would happen.",
        discussion: """
            The payload is the JSON the identity provider sends (a SCIM User or Group). The report has four steps: \
            import (parse and validate), scope (each sync scope rule), match (an existing resource by externalId, \
            then userName or displayName) and action (create, update with the changes, or skip). --dry-run writes \
            nothing at all. Exits 1 when a real run is refused.
            """)

    @OptionGroup var scope: TenantScope
    @Flag(name: .customLong("dry-run"), help: "Only report what would happen; write nothing, not even a log entry.")
    var dryRun = false
    @Argument(help: ArgumentHelp("The payload, a JSON file; - reads standard input.", valueName: "file"))
    var file: String

    func run() async throws {
        let operation = try ProvisionOnDemand(json: try readPayload(), dryRun: dryRun)
        let report = dryRun ? try await scope.perform(operation) : try await scope.change(operation)
        if scope.json { try Output.json(report) } else { Self.render(report) }
        if !dryRun, let action = report.steps.last, action.status == .failure {
            throw CLIError("provisioning was refused: \(action.detail)")
        }
    }

    private func readPayload() throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("Cannot read \(file): no such file, or it is not readable.")
        }
        return Array(data)
    }

    static func render(_ r: ProvisionReport) {
        Output.line("Provision on demand\(r.dryRun ? " (dry run: nothing is written)" : ""): \(r.resourceType) '\(r.name ?? "")'")
        let width = r.steps.map(\.step.count).max() ?? 0
        for step in r.steps {
            let mark: String
            switch step.status {
            case .success: mark = "✓"
            case .failure: mark = "✗"
            case .skipped: mark = "-"
            }
            Output.line(
                "  \(mark) \(step.step.padding(toLength: width, withPad: " ", startingAt: 0))  \(Output.status(step.status.rawValue))  \(step.detail)")
        }
        let failed = r.checks.filter { !$0.met }
        for check in failed {
            Output.line("      ✗ \(check.rule): \(check.values.isEmpty ? "no value" : check.values.map { "'\($0)'" }.joined(separator: ", "))")
        }
        let changes = r.changes.arrayValue ?? []
        if !changes.isEmpty {
            Output.line("")
            Output.line(r.dryRun ? "Changes that would be made (old → new):" : "Changes (old → new):")
            for change in changes {
                let attribute = change["attribute"]?.stringValue ?? "?"
                if let added = change["added"]?.arrayValue, !added.isEmpty { Output.line("  \(attribute): + \(compact(.array(added)))") }
                if let removed = change["removed"]?.arrayValue, !removed.isEmpty { Output.line("  \(attribute): - \(compact(.array(removed)))") }
                if change["old"] != nil || change["new"] != nil {
                    Output.line("  \(attribute): \(compact(change["old"] ?? .null)) → \(compact(change["new"] ?? .null))")
                }
            }
        }
        if !r.dryRun, let id = r.resourceId, r.action != .skip {
            Output.line("")
            Output.line("Result: \(r.resourceType.lowercased()) \(id)" + (r.logEntry.map { ", sync-log entry \($0) (\(r.operation ?? ""))" } ?? ""))
        }
    }

    private static func compact(_ value: SCIMValue) -> String { String(decoding: value.serialized(), as: UTF8.self) }
}
