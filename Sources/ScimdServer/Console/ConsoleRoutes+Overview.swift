import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Provisioning
import SCIM

extension ConsoleRoutes {
    /// `GET /console/`: ShowOverview, with the OAuth token endpoint for the Entra ID set-up.
    func overview(_ context: ScimdRequestContext) async throws -> Response {
        let overview = try await run(ShowOverview(), context)
        let tokenEndpoint = OAuthEndpoints(scimBaseURL: context.scimBaseURL(configuration)).tokenEndpoint
        let data = try Self.overviewData(overview, tokenEndpoint: tokenEndpoint)
        return pages.render(OverviewPage.name, title: "Overview", state: context.console, current: "/console/", data: data)
    }

    /// The overview page's values.
    private static func overviewData(_ overview: TenantOverview, tokenEndpoint: String) throws -> [String: Any] {
        let level = overview.report.failureRate.level
        return [
            "o": try ConsoleView.value(overview), "critical": level == .critical,
            "failurePercent": FailureRate.text(overview.report.failureRate.percent), "warning": level == .warning,
            "openErrors": overview.report.openMappingErrors.reduce(0) { $0 + $1.users },
            "tokenEndpoint": tokenEndpoint,
        ]
    }

    /// `GET /console/reports`: the period's report (framed) and the subscriptions' delivery status.
    func reports(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let since = query.get("since").flatMap { $0.isEmpty ? nil : $0 } ?? "24h"
        let until = query.get("until").flatMap { $0.isEmpty ? nil : $0 }
        var data: [String: Any] = ["since": since, "until": until ?? ""]
        var status = HTTPResponse.Status.ok
        do {
            _ = try ShowReport(since: since, until: until).period(nowMs: services.clock.nowMs())
            var components = URLComponents()
            components.path = "/console/reports/email"
            components.queryItems = [URLQueryItem(name: "since", value: since)] + (until.map { [URLQueryItem(name: "until", value: $0)] } ?? [])
            data["reportHref"] = (components.string ?? "/console/reports/email").replacingOccurrences(of: "+", with: "%2B")
        } catch {
            data["error"] = error.message
            status = .badRequest
        }
        let notify = try await run(ShowNotifyStatus(), context)
        data["subscriptions"] = try (ConsoleView.value(notify) as? [String: Any])?["subscriptions"] ?? []
        data["has_subscriptions"] = !notify.subscriptions.isEmpty
        return pages.render(ReportsPage.name, title: "Reports", state: context.console, current: "/console/reports", status: status, data: data)
    }

    /// `GET /console/reports/email`: ShowReport rendered by `ReportHTML`, the HTML the email
    /// carries. Its inline styles need `style-src 'unsafe-inline'`; it gets no script at all and
    /// may be framed only by the console's own pages.
    func emailReport(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let report = try await run(ShowReport(since: query.get("since"), until: query.get("until")), context)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
        headers[.xFrameOptions] = "SAMEORIGIN"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: ReportHTML.render(report))))
    }
}
