import Hummingbird
import Provisioning
import SCIM

/// Lets a request into `/admin/v1` only with an admin token (`scimctl tokens create --kind
/// admin`), never a SCIM token, and records who it is for the routes behind it.
struct AdminAuthenticator: RouterMiddleware {
    typealias Context = ScimdRequestContext
    let services: ProvisioningServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let secret = BearerToken.secret(in: request.headers),
            let token = try await services.authenticator.authenticate(secret: secret, kind: .admin)
        else {
            throw SCIMError.unauthorized("An admin token is required: scimctl tokens create --kind admin --name LABEL")
        }
        var context = context
        context.adminToken = token
        context.identity.record(tenant: token.tenantName, client: "admin:\(token.name)")
        return try await next(request, context)
    }
}
