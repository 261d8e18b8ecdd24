import Foundation
import Provisioning
import SCIM

/// Where the OAuth pieces live for a deployment, derived from the SCIM root (`--public-url`
/// or the listening address) so every process behind one public name agrees on the issuer
/// and audience without configuration.
struct OAuthEndpoints: Equatable {
    static let tokenPath = "/oauth/token"
    /// RFC 8414 §3: the metadata's well-known path.
    static let metadataPath = "/.well-known/oauth-authorization-server"

    /// The SCIM root: the `aud` of every access token.
    let audience: String
    /// RFC 8414 §2 `issuer`: the root without `/scim/v2`.
    let issuer: String
    var tokenEndpoint: String { issuer + Self.tokenPath }

    init(scimBaseURL: String) {
        audience = scimBaseURL
        issuer = OAuthService.issuer(forAudience: scimBaseURL)
    }
}

extension SCIMValue {
    /// `schemas/ServiceProviderConfig.json` writes `{tokenEndpoint}` where the deployment's token
    /// endpoint URL goes; this puts it in.
    func replacingTokenEndpoint(with url: String) -> SCIMValue {
        guard case .object(var object) = self else { return self }
        for key in ["specUri", "documentationUri"] {
            if case .string(let text)? = object[key], text.contains("{tokenEndpoint}") {
                object[key] = .string(text.replacingOccurrences(of: "{tokenEndpoint}", with: url))
            }
        }
        return .object(object)
    }
}
