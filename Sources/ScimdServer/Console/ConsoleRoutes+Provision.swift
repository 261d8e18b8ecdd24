import Foundation
import Hummingbird
import Provisioning
import SCIM

extension ConsoleRoutes {
    /// `GET /console/provision`: the test-provision form.
    func provisionPage(_ context: ScimdRequestContext) -> Response {
        pages.render(ProvisionPage.name, title: "Test provision", state: context.console, current: "/console/provision")
    }

    /// `POST /console/provision`: ProvisionOnDemand with `dryRun`, its steps shown under the form.
    func provision(_ context: ScimdRequestContext) async throws -> Response {
        let payload = context.console.form?["payload"] ?? ""
        var data: [String: Any] = ["payload": payload]
        do {
            let operation = try ProvisionOnDemand(json: Array(payload.utf8), dryRun: true)
            let report = try await run(operation, context)
            data["r"] = try ConsoleView.value(report)
            ConsoleView.addChangeRows(report.changes, to: &data)
        } catch let error as AdminError {
            data["error"] = error.message
            return pages.render(ProvisionPage.name, title: "Test provision", state: context.console, current: "/console/provision", status: .badRequest, data: data)
        } catch let refusal as ConsoleRefusal where refusal.status == 400 {
            data["error"] = refusal.message
            return pages.render(ProvisionPage.name, title: "Test provision", state: context.console, current: "/console/provision", status: .badRequest, data: data)
        }
        return pages.render(ProvisionPage.name, title: "Test provision", state: context.console, current: "/console/provision", data: data)
    }
}
