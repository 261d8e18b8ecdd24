import ArgumentParser
import Foundation
import Provisioning

/// `scimctl report`: the sync report of a tenant for a period (requirements §8), as text for the
/// terminal, JSON, or the one-page HTML a mail carries.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Summarize a period of the sync log: changes, refusals, open errors.",
        discussion: """
            The period is [--since, --until): by default the last 24 hours.
            Examples:
              scimctl report
              scimctl report --since 7d --tenant acme
              scimctl report --since 2026-11-30 --until 2026-12-01 --format html > report.html
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html
    }

    @OptionGroup var scope: TenantScope
    @Option(help: "Start of the period: a duration back from now (30m, 24h, 7d) or a date (2026-11-23 or an ISO timestamp). Default 24h.")
    var since: String?
    @Option(help: "End of the period, excluded (same forms as --since). Default now.") var until: String?
    @Option(help: "text, json or html (--json is --format json).") var format: Format?

    private var operation: ShowReport { ShowReport(since: since, until: until) }

    func validate() throws {
        do {
            _ = try operation.period(nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        } catch {
            throw ValidationError(error.message)
        }
        if scope.json, let format, format != .json {
            throw ValidationError("--json asks for JSON; drop it or --format \(format.rawValue).")
        }
    }

    func run() async throws {
        let report = try await scope.perform(operation)
        switch format ?? (scope.json ? .json : .text) {
        case .json: try Output.json(report)
        case .text: FileHandle.standardOutput.write(Data(ReportText.render(report).utf8))
        case .html: FileHandle.standardOutput.write(Data(ReportHTML.render(report).utf8))
        }
    }
}
