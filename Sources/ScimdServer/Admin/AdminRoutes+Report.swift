import Foundation
import Hummingbird
import NIOCore
import Provisioning
import SCIM

/// `GET /admin/v1/report?since=24h&until=…`: the sync report of the caller's tenant (requirements
/// §8) as JSON, or with `format=html` the one-page HTML a mail would carry (`format=text` the
/// terminal text). The period's forms are the log's (`24h`, `7d`, a date, RFC 3339).
extension AdminRoutes {
    func addReportRoutes(_ admin: AdminRouteBuilder) {
        let responder = admin.responder
        admin.group.on("report", method: .get) { request, context -> Response in
            let query = request.uri.queryParameters
            let operation = ShowReport(since: query.get("since"), until: query.get("until"))
            let format = query.get("format").map(caseFold) ?? "json"
            let contentType: String
            let render: @Sendable (SyncReport) -> String
            switch format {
            case "json": return try await responder.respond(status: .ok, context: context) { operation }
            case "html": (contentType, render) = ("text/html; charset=utf-8", ReportHTML.render)
            case "text": (contentType, render) = ("text/plain; charset=utf-8", ReportText.render)
            default:
                return try await responder.respond(status: .ok, context: context) { () throws -> ShowReport in
                    throw AdminError(.invalid, "format must be json, html or text; '\(format)' is none of them.")
                }
            }
            let report = try await responder.perform(context: context) { operation }
            var headers = HTTPFields()
            headers[.contentType] = contentType
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: render(report))))
        }
    }
}
