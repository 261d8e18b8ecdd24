import Foundation
import Hummingbird
import NIOCore
import Provisioning
import SCIM
import Store

/// Runs an admin operation for the authenticated caller and turns its result, or its failure,
/// into a response. The only place admin failures become HTTP statuses.
struct AdminResponder: Sendable {
    let services: ProvisioningServices
    let configuration: ServerConfiguration

    /// Builds the operation from the request, runs it, and encodes its result; a failure of
    /// either step is answered with the status its `AdminError` kind stands for.
    func respond<Operation: AdminOperation>(
        status: HTTPResponse.Status, context: ScimdRequestContext, _ build: () async throws -> Operation
    ) async throws -> Response {
        let result = try await perform(context: context, build)
        if status == .noContent { return Response(status: .noContent) }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try AdminJSON.encode(result))))
    }

    /// Builds and runs the operation for the caller; failures become SCIM errors with the status
    /// of their `AdminError` kind. For routes that render the result other than as JSON.
    func perform<Operation: AdminOperation>(
        context: ScimdRequestContext, _ build: () async throws -> Operation
    ) async throws -> Operation.Result {
        guard let caller = context.adminCaller else { throw AdminAuthenticator.unauthorized }
        let adminContext = AdminContext(
            services: services, tenant: caller.tenant, client: caller.client, correlationID: context.correlationID, sourceAddress: context.sourceAddress,
            baseURL: context.scimBaseURL(configuration))
        do {
            return try await build().run(adminContext)
        } catch let error as SCIMError {
            throw error  // reading the body failed (413, 408): already an HTTP answer
        } catch {
            let error = AdminError.from(error)
            if error.kind == .internalError {
                context.logger.error("admin operation failed: \(error)", metadata: ["correlation": "\(context.correlationID)"])
            }
            throw SCIMError(status: Self.status(of: error.kind), detail: error.message)
        }
    }

    static func status(of kind: AdminError.Kind) -> Int {
        switch kind {
        case .notFound: return 404
        case .invalid: return 400
        case .conflict: return 409
        case .forbidden: return 403
        case .unavailable: return 503
        case .internalError: return 500
        }
    }
}
