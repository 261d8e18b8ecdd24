import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SCIM

/// A browser's part in the console tests: it keeps the cookies the server sets (RFC 6265, by
/// name; the tests use one path), sends forms as `application/x-www-form-urlencoded`, and reads
/// the CSRF token out of the page it was given, as a browser submitting that page's form would.
final class ConsoleBrowser: @unchecked Sendable {
    let scim: SCIMTestClient
    private(set) var cookies: [String: String] = [:]
    /// The last page's hidden `csrf` field.
    private(set) var csrf: String?

    init(_ scim: SCIMTestClient) { self.scim = scim }

    struct Page {
        let status: Int
        let headers: HTTPFields
        let body: String
        var location: String? { headers[.location] }
        var setCookies: [String] { headers[values: .setCookie] }
    }

    func get(_ path: String, headers: HTTPFields = [:]) async throws -> Page {
        try await send(.get, path, body: nil, headers: headers)
    }

    /// Posts `fields` (with the page's CSRF token unless `csrf` says otherwise).
    func post(_ path: String, _ fields: [String: String] = [:], csrf token: String?? = .none, headers: HTTPFields = [:]) async throws -> Page {
        var fields = fields
        switch token {
        case .none: if let csrf { fields["csrf"] = csrf }
        case .some(let explicit?): fields["csrf"] = explicit
        case .some(nil): break
        }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(.post, path, body: body, headers: headers)
    }

    /// Signs in with an admin token: the sign-in page, then its form.
    @discardableResult
    func signIn(token: String) async throws -> Page {
        _ = try await get("/console/signin")
        return try await post("/console/signin", ["token": token])
    }

    @discardableResult
    func signIn(clientID: String, secret: String) async throws -> Page {
        _ = try await get("/console/signin")
        return try await post("/console/signin", ["client_id": clientID, "client_secret": secret])
    }

    func forgetCookies() { cookies = [:] }

    private func send(_ method: HTTPRequest.Method, _ path: String, body: String?, headers: HTTPFields) async throws -> Page {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let page = try await scim.client.execute(
            uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
        ) { response in
            Page(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }
        for cookie in page.setCookies {
            let pair = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || cookie.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        if let token = Self.hiddenCSRF(in: page.body) { csrf = token }
        return page
    }

    static func hiddenCSRF(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
