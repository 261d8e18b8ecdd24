import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Provisioning
import Store

/// The OAuth 2.0 token endpoint (RFC 6749 §3.2, client credentials §4.4) and the authorization
/// server metadata (RFC 8414). Both answer OAuth's JSON, never a SCIM error body: the
/// clients reading them are OAuth clients.
struct OAuthRoutes: Sendable {
    let services: ProvisioningServices
    let configuration: ServerConfiguration
    /// A token request is a few short parameters; anything longer is not one.
    static let maxBodyBytes = 8_192

    func addRoutes(to router: Router<ScimdRequestContext>) {
        router.post(RouterPath(OAuthEndpoints.tokenPath)) { request, context in
            await token(request, context: context)
        }
        router.get(RouterPath(OAuthEndpoints.metadataPath)) { _, context in
            metadata(OAuthEndpoints(scimBaseURL: context.scimBaseURL(configuration)))
        }
    }

    // MARK: Token endpoint

    func token(_ request: Request, context: ScimdRequestContext) async -> Response {
        let basic = request.headers[.authorization] != nil
        do {
            let form = try await readForm(request)
            let client: ClientAuthentication
            do {
                client = try ClientAuthentication.from(headers: request.headers, form: form)
            } catch {
                throw OAuthError(error.request ? .invalidRequest : .invalidClient, error.description)
            }
            // RFC 6749 §4.4.2: grant_type is REQUIRED.
            guard let grantType = form["grant_type"] else {
                throw OAuthError(.invalidRequest, "grant_type is required (grant_type=client_credentials)")
            }
            let endpoints = OAuthEndpoints(scimBaseURL: context.scimBaseURL(configuration))
            let issued = try await services.oauth.issueToken(
                TokenRequest(
                    clientID: client.id, clientSecret: client.secret, grantType: grantType, scope: form["scope"],
                    issuer: endpoints.issuer, audience: endpoints.audience))
            return Self.json(.ok, issued)
        } catch let error as OAuthError {
            return Self.failure(error, basic: basic)
        } catch {
            return Self.failure(OAuthError(.invalidRequest, "the request could not be read"), basic: basic)
        }
    }

    /// The form body: RFC 6749 §4.4.2 requires `application/x-www-form-urlencoded`.
    private func readForm(_ request: Request) async throws -> FormBody {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw OAuthError(.invalidRequest, "send the parameters as application/x-www-form-urlencoded")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectSCIMBody(upTo: Self.maxBodyBytes, tooLarge: .payloadTooLarge("too large"))
        } catch {
            throw OAuthError(.invalidRequest, "the body could not be read or exceeds \(Self.maxBodyBytes) bytes")
        }
        do {
            return try FormBody(String(buffer: buffer))
        } catch .repeated(let name) {
            throw OAuthError(.invalidRequest, "parameter \(name) is repeated")
        } catch {
            throw OAuthError(.invalidRequest, "the form body is not valid percent-encoding")
        }
    }

    /// RFC 6749 §5.2: 400 with the error code. A failed client authentication by the
    /// `Authorization` header MUST be 401 with `WWW-Authenticate`; one by `client_secret_post`
    /// (or none at all) is 400, since a 401 would have to name a scheme the client did not use
    /// (RFC 9110 §15.5.2) and HTTP clients answer a Basic challenge with a credentials prompt.
    static func failure(_ error: OAuthError, basic: Bool) -> Response {
        var status: HTTPResponse.Status = .badRequest
        var headers = HTTPFields()
        switch error.code {
        case .invalidClient where basic:
            status = .unauthorized
            headers[.wwwAuthenticate] = "Basic realm=\"scimd\""
        case .temporarilyUnavailable:
            status = .serviceUnavailable
            headers[.retryAfter] = "1"
        default:
            break
        }
        let body = ["error": error.code.rawValue, "error_description": error.description]
        return json(status, body, headers: headers)
    }

    /// JSON with RFC 6749 §5.1's `Cache-Control: no-store` and `Pragma: no-cache`: a token or
    /// an error about credentials is never cached.
    static func json(_ status: HTTPResponse.Status, _ value: some Encodable, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json;charset=UTF-8"
        headers[.cacheControl] = "no-store"
        if let pragma = HTTPField.Name("Pragma") { headers[pragma] = "no-cache" }
        let bytes = (try? AdminJSON.encode(value)) ?? Array("{}".utf8)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    // MARK: Metadata

    /// RFC 8414 §2: what a client needs to find the token endpoint. There is no authorization
    /// endpoint, so no response type is supported.
    func metadata(_ endpoints: OAuthEndpoints) -> Response {
        struct Metadata: Encodable {
            let issuer: String
            let token_endpoint: String
            let grant_types_supported = ["client_credentials"]
            let token_endpoint_auth_methods_supported = ["client_secret_basic", "client_secret_post"]
            let scopes_supported = [OAuthService.scope]
            let response_types_supported: [String] = []
        }
        return Self.json(.ok, Metadata(issuer: endpoints.issuer, token_endpoint: endpoints.tokenEndpoint))
    }
}
