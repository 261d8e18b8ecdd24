import Crypto
import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store

/// Token requests as an identity provider sends them, and tokens forged as an attacker holding
/// (or not holding) the signing key would forge them.
extension SCIMTestClient {
    static let formType = "application/x-www-form-urlencoded"

    /// POST /oauth/token with `form`, and Basic credentials when `basic` is given.
    func tokenRequest(_ form: String, basic: (id: String, secret: String)? = nil, headers extra: HTTPFields = [:]) async throws
        -> SCIMTestResponse
    {
        var headers = extra
        if let basic { headers[.authorization] = "Basic " + Data("\(basic.id):\(basic.secret)".utf8).base64EncodedString() }
        return try await request(.post, "/oauth/token", body: form, headers: headers, token: "", contentType: Self.formType)
    }

    /// An access token for the client, fetched with client_secret_basic.
    func accessToken(id: String, secret: String) async throws -> String {
        let response = try await tokenRequest("grant_type=client_credentials", basic: (id, secret))
        return response["access_token"]?.stringValue ?? ""
    }

    /// GET /scim/v2/Users with `token`; the status says whether it was accepted.
    func usersStatus(token: String) async throws -> Int {
        try await request(.get, "Users", token: token).status
    }

    /// The SCIM root this server's tokens are minted for (from its RFC 8414 metadata).
    func audience() async throws -> String {
        let metadata = try await request(.get, "/.well-known/oauth-authorization-server", token: "")
        return (metadata["issuer"]?.stringValue ?? "") + "/scim/v2"
    }
}

/// Builds HS256 JWTs by hand (RFC 7515 §3.1 compact form), independently of scimd's JWT code.
enum ForgedToken {
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ part: Substring) -> Data? {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text)
    }

    /// A token with these header and claims, signed with `key` (raw bytes).
    static func sign(header: [String: Any], claims: [String: Any], key: Data) throws -> String {
        let head = base64URL(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        let body = base64URL(try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(head).\(body)".utf8), using: SymmetricKey(data: key))
        return "\(head).\(body).\(base64URL(Data(mac)))"
    }

    /// The claims of a real token, to change one and sign again.
    static func claims(of token: String) -> [String: Any] {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let data = decode(parts[1]),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    static func header(of token: String) -> [String: Any] {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let data = decode(parts[0]),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    /// The deployment's current signing key, read from the database as an attacker with a copy would.
    static func signingKey(_ services: ProvisioningServices) async throws -> (kid: String, key: Data) {
        let keys = try await services.store.read { try await $0.signingKeys() }
        guard let key = keys.first(where: { $0.retiredMs == nil }), let material = Data(base64Encoded: key.material) else {
            return ("", Data())
        }
        return (key.kid, material)
    }
}
