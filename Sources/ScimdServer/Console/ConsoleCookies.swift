import Foundation
import HTTPTypes

/// The console's cookies (RFC 6265): the session cookie and the sign-in form's CSRF cookie.
/// Both are `HttpOnly` (no script reads them), `SameSite=Strict` (no other site's request
/// carries them) and `Secure` when scimd is reached over TLS.
enum ConsoleCookies {
    static let session = "scimd_console"
    static let signIn = "scimd_console_signin"

    /// The value of cookie `name` in the request's `Cookie` headers (RFC 6265 §5.4), or nil.
    static func value(_ name: String, in headers: HTTPFields) -> String? {
        for field in headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { continue }
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// A `Set-Cookie` value: `maxAge` nil deletes the cookie (RFC 6265 §5.2.2, Max-Age=0).
    static func header(_ name: String, value: String, path: String, maxAge: Int?, secure: Bool) -> String {
        var parts = ["\(name)=\(maxAge == nil ? "" : value)", "Path=\(path)", "HttpOnly", "SameSite=Strict"]
        parts.append("Max-Age=\(maxAge ?? 0)")
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}
