import Foundation
import HTTPTypes

/// How a client authenticated at the token endpoint (RFC 6749 §2.3.1).
enum ClientAuthentication: Equatable {
    /// `client_secret_basic`: HTTP Basic (RFC 7617) with the form-encoded id and secret.
    case basic(id: String, secret: String)
    /// `client_secret_post`: `client_id` and `client_secret` in the form body.
    case post(id: String, secret: String)

    var id: String {
        switch self {
        case .basic(let id, _), .post(let id, _): return id
        }
    }
    var secret: String {
        switch self {
        case .basic(_, let secret), .post(_, let secret): return secret
        }
    }

    /// Why the credentials cannot be read; `request` when the request itself is malformed
    /// (`invalid_request`) rather than the credentials missing or wrong (`invalid_client`).
    struct Failure: Error, Equatable {
        let request: Bool
        let description: String
    }

    /// The client's credentials from the `Authorization` header or the form, exactly one of them
    /// (§2.3: a client MUST NOT use more than one method).
    static func from(headers: HTTPFields, form: FormBody) throws(Failure) -> ClientAuthentication {
        let inForm = form["client_id"] != nil || form["client_secret"] != nil
        if let header = headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "basic" else {
                throw Failure(request: false, description: "authenticate the client with HTTP Basic or client_secret_post")
            }
            if inForm {
                throw Failure(request: true, description: "use one client authentication method, not Basic and the form both")
            }
            guard let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
                let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":"),
                let id = FormBody.decode(decoded[..<colon]), let secret = FormBody.decode(decoded[decoded.index(after: colon)...])
            else {
                throw Failure(request: false, description: "the Basic credentials are not base64 of id:secret")
            }
            return .basic(id: id, secret: secret)
        }
        guard let id = form["client_id"], let secret = form["client_secret"] else {
            throw Failure(request: false, description: "client authentication is required: HTTP Basic or client_id and client_secret")
        }
        return .post(id: id, secret: secret)
    }
}
