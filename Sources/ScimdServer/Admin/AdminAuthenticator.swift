import HTTPTypes
import Hummingbird
import Provisioning
import SCIM

/// Lets a request into `/admin/v1` only with an admin or operator token (`scimctl tokens create
/// --kind admin|operator`), never a SCIM token, and records who it is and in which tenant it
/// acts (an operator token names the tenant in `Scimd-Tenant`) for the routes behind it.
struct AdminAuthenticator: RouterMiddleware {
    typealias Context = ScimdRequestContext
    let services: ProvisioningServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let secret = BearerToken.secret(in: request.headers) else { throw Self.unauthorized }
        let caller: AdminCaller?
        do throws(AdminError) {
            caller = try await services.adminCaller(secret: secret, tenantName: request.headers[.scimdTenant])
        } catch {
            throw SCIMError(status: AdminResponder.status(of: error.kind), detail: error.message)
        }
        guard let caller else { throw Self.unauthorized }
        var context = context
        context.adminCaller = caller
        context.identity.record(tenant: caller.tenant.name, client: caller.client)
        return try await next(request, context)
    }

    static let unauthorized = SCIMError.unauthorized("An admin token is required: scimctl tokens create --kind admin --name LABEL")
}

extension HTTPField.Name {
    /// The tenant an operator token's `/admin/v1` request acts in (docs/admin-api.md).
    static let scimdTenant = HTTPField.Name("Scimd-Tenant")!
}
