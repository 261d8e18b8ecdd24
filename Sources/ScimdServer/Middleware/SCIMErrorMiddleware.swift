import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import Provisioning
import SCIM
import Store

/// The outermost middleware but metrics: assigns the correlation id and turns every error —
/// SCIM errors, a busy database, framework errors, unknown routes, oversized bodies, anything
/// unexpected — into a SCIM error body, so no client ever sees an HTML page or a bare status.
struct SCIMErrorMiddleware: RouterMiddleware {
    typealias Context = ScimdRequestContext
    static let requestIDHeader = HTTPField.Name("X-Request-ID")!
    static let clientRequestIDHeader = HTTPField.Name("client-request-id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.correlationID = Self.correlationID(from: request.headers)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let limited as RateLimited {
            // RFC 6585 §4: 429 says when to come back; Entra ID and Okta back off on it.
            Counter(label: "scimd_rate_limited_total", dimensions: [("scope", limited.scope)]).increment()
            response = SCIMResponse.error(limited.error, headers: [.retryAfter: String(limited.retryAfterSeconds)])
        } catch let error as SCIMError {
            response = SCIMResponse.error(error)
        } catch StoreError.busy {
            // Reads and the admin API reach here with the store's own error; writes are mapped
            // in Provisioning. Either way the client may retry (RFC 9110 §15.6.4).
            response = SCIMResponse.error(.unavailable("The database is busy; retry the request"))
        } catch let error as any HTTPResponseError {
            response = SCIMResponse.error(Self.scimError(for: error.status, path: request.uri.path))
        } catch {
            context.logger.error("unhandled error: \(error)", metadata: ["correlation": "\(context.correlationID)"])
            response = SCIMResponse.error(.internalError("Internal error; the server log has details (correlation id \(context.correlationID))"))
        }
        response.headers[Self.requestIDHeader] = context.correlationID
        return response
    }

    /// Honours the identity provider's id (Entra sends `client-request-id`) so both logs line up.
    static func correlationID(from headers: HTTPFields) -> String {
        for name in [clientRequestIDHeader, requestIDHeader] {
            if let value = headers[name], !value.isEmpty, value.utf8.count <= 128,
                value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 })
            {
                return value
            }
        }
        return UUID().lowercasedString
    }

    static func scimError(for status: HTTPResponse.Status, path: String) -> SCIMError {
        switch status.code {
        case 404: return .notFound("No endpoint at \(path)")
        case 405: return .methodNotAllowed("Method not allowed at \(path)")
        case 413: return .payloadTooLarge("The request body is larger than the server accepts")
        case 400: return .invalidSyntax("The request could not be read")
        default: return SCIMError(status: status.code, detail: status.reasonPhrase)
        }
    }
}
