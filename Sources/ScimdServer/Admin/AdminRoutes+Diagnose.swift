import Foundation
import Hummingbird
import NIOCore
import Provisioning
import SCIM

/// `/admin/v1/diagnose` and `/admin/v1/provision`: why a user or a group's members have or have
/// not synced, and provisioning one payload on demand (with `dryRun=true`, writing nothing).
extension AdminRoutes {
    func addDiagnoseRoutes(_ admin: AdminRouteBuilder) {
        // One path, two operations: `?user=KEY` or `?group=KEY`, exactly one of them.
        let responder = admin.responder
        admin.group.on("diagnose", method: .get) { request, context -> Response in
            let query = request.uri.queryParameters
            let user = query.get("user")
            let group = query.get("group")
            switch (user, group) {
            case (let user?, nil):
                return try await responder.respond(status: .ok, context: context) { DiagnoseUser(user: user) }
            case (nil, let group?):
                return try await responder.respond(status: .ok, context: context) { DiagnoseGroup(group: group) }
            default:
                return try await responder.respond(status: .ok, context: context) { () throws -> DiagnoseUser in
                    throw AdminError(.invalid, "Name the user (?user=KEY) or the group (?group=KEY)\(user == nil ? "" : ", not both").")
                }
            }
        }
        let maxBodyBytes = configuration.maxBodyBytes
        admin.post("provision", status: .ok) { request, _ in
            let dryRun: Bool
            switch request.uri.queryParameters.get("dryRun").map(caseFold) {
            case nil, "false"?: dryRun = false
            case "true"?: dryRun = true
            default: throw AdminError(.invalid, "'dryRun' must be true or false.")
            }
            // The payload is what the identity provider would POST to /Users or /Groups: the SCIM body limit applies.
            let buffer = try await request.collectSCIMBody(
                upTo: maxBodyBytes, tooLarge: .payloadTooLarge("The payload is larger than \(maxBodyBytes) bytes"))
            return try ProvisionOnDemand(json: Array(buffer.readableBytesView), dryRun: dryRun)
        }
    }
}
