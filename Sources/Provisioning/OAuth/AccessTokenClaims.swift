import Foundation
import JWTKit

/// The claims of a scimd access token (RFC 7519 §4.1 registered claims, plus the tenant and the
/// client's name so the sync log can name the client without a lookup).
struct AccessTokenClaims: JWTPayload, Equatable {
    var iss: IssuerClaim
    /// The client id (RFC 6749 §2.2).
    var sub: SubjectClaim
    /// The SCIM root the token is for.
    var aud: AudienceClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    /// The tenant's name.
    var tenant: String
    var clientName: String
    /// RFC 8693 §4.2 `scope`: space-separated; scimd grants only `scim`.
    var scope: String

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, iat, exp, jti, tenant, scope
        case clientName = "client_name"
    }

    /// JWTKit calls this after the signature checks out. Time, issuer and audience are checked by
    /// `OAuthService.verify` instead, against the service's clock and the request's SCIM root,
    /// which this method cannot see.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
