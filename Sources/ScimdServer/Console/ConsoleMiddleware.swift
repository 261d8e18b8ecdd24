import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Provisioning
import SCIM

/// Everything `/console` shares, in front of its routes:
/// - the security headers on every response (CSP `default-src 'self'`, no framing, no referrer
///   to other sites, `no-store` on pages);
/// - the session: a page without a live session redirects to sign-in;
/// - CSRF (OWASP CSRF Prevention Cheat Sheet): every request but GET and HEAD must come from
///   this origin and carry the session's token in its form (the sign-in form: the token of its
///   own cookie, double-submitted), or it is refused with 403 before any route runs;
/// - failures as HTML pages rather than SCIM JSON.
struct ConsoleMiddleware: RouterMiddleware {
    typealias Context = ScimdRequestContext
    let sessions: ConsoleSessions
    let pages: ConsolePages
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var response: Response
        do {
            response = try await admit(request, context: &context, next: next)
        } catch let refusal as ConsoleRefusal {
            response = pages.refusal(refusal, state: context.console)
        } catch let error as AdminError {
            if error.kind == .internalError {
                context.logger.error("console operation failed: \(error)", metadata: ["correlation": "\(context.correlationID)"])
            }
            response = pages.refusal(.from(error), state: context.console)
        } catch let error as SCIMError {
            // Reading the body failed (413, 408) or the router refused the request.
            response = pages.refusal(ConsoleRefusal(status: error.status, heading: "Request refused", error.detail), state: context.console)
        } catch let error as any HTTPResponseError {
            let status = Int(error.status.code)
            response = pages.refusal(
                status == 404
                    ? .notFound("There is no console page at \(request.uri.path).")
                    : ConsoleRefusal(status: status, heading: "Request refused", "The request was refused (\(status))."),
                state: context.console)
        } catch {
            context.logger.error("console request failed: \(error)", metadata: ["correlation": "\(context.correlationID)"])
            response = pages.refusal(
                ConsoleRefusal(
                    status: 500, heading: "Something went wrong",
                    "The console could not answer; the server log has details (correlation id \(context.correlationID))."),
                state: context.console)
        }
        Self.secure(&response.headers)
        return response
    }

    /// The headers every console response carries.
    static func secure(_ headers: inout HTTPFields) {
        // CSP Level 3: only this origin's script, style, images and forms; no inline script or style.
        // A route may only narrow them further (the emailed report: no script at all, framed by the console itself).
        if headers[.contentSecurityPolicy] == nil {
            headers[.contentSecurityPolicy] = "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        }
        if headers[.xFrameOptions] == nil { headers[.xFrameOptions] = "DENY" }
        headers[.referrerPolicy] = "same-origin"
        headers[.xContentTypeOptions] = "nosniff"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }

    private func admit(
        _ request: Request, context: inout Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/console/assets/") { return try await next(request, context) }
        let isSignIn = path == "/console/signin"
        var ended: ConsoleSessions.EndReason?
        if let id = ConsoleCookies.value(ConsoleCookies.session, in: request.headers) {
            switch try await sessions.session(id: id) {
            case .live(let session):
                context.console.sessionID = id
                context.console.session = session
                context.console.tenantChoices = try await sessions.tenantChoices(for: session)
                context.identity.record(tenant: session.tenantName, client: session.client)
            case .ended(let reason):
                ended = reason
            case .absent:
                break
            }
        }
        let safe = request.method == .get || request.method == .head
        if !safe {
            try checkOrigin(request, context: context)
            let form = try await readForm(request)
            let expected: String?
            if isSignIn {
                expected = ConsoleCookies.value(ConsoleCookies.signIn, in: request.headers)
            } else {
                guard let session = context.console.session else {
                    throw ConsoleRefusal.csrf(
                        "\(ended?.message ?? "Your console session has ended.") Sign in again, then repeat what you were doing.")
                }
                expected = session.csrfSecret
            }
            guard let expected, !expected.isEmpty, let presented = form["csrf"],
                SecretComparison.matches(presented, expected)
            else { throw ConsoleRefusal.csrf() }
            context.console.form = form
        } else if context.console.session == nil, !isSignIn {
            // The sign-in page then says why the session ended (`ConsoleSessions.EndReason`).
            return ConsolePages.redirect("/console/signin" + (ended.map { "?ended=\($0.rawValue)" } ?? ""))
        }
        return try await next(request, context)
    }

    /// A browser names the page a form was sent from in `Origin` (RFC 6454 §7, Fetch); a request
    /// from any other origin, or from an opaque one (`null`), is refused.
    private func checkOrigin(_ request: Request, context: Context) throws {
        if let site = request.headers[.secFetchSite], site != "same-origin", site != "none" {
            throw ConsoleRefusal.csrf("This form was sent from another site; the console accepts forms only from its own pages.")
        }
        guard let origin = request.headers[.origin] else { return }
        guard origin != "null", let authority = URLComponents(string: origin).flatMap(Self.authority) else {
            throw ConsoleRefusal.csrf("This form was sent from another site; the console accepts forms only from its own pages.")
        }
        var allowed: Set<String> = []
        if let host = request.head.authority { allowed.insert(host.lowercased()) }
        if let forwarded = context.forwarded?.host { allowed.insert(forwarded.lowercased()) }
        if let publicURL = configuration.publicURL, let own = URLComponents(string: publicURL).flatMap(Self.authority) {
            allowed.insert(own)
        }
        guard allowed.contains(authority) else {
            throw ConsoleRefusal.csrf("This form was sent from another site; the console accepts forms only from its own pages.")
        }
    }

    /// `host[:port]` of a URL, lower-cased, the port left out when it is the scheme's default.
    private static func authority(_ url: URLComponents) -> String? {
        guard let host = url.host?.lowercased(), !host.isEmpty else { return nil }
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let defaultPort = url.scheme?.lowercased() == "https" ? 443 : 80
        guard let port = url.port, port != defaultPort else { return bracketed }
        return "\(bracketed):\(port)"
    }

    /// The form a POST carries (`application/x-www-form-urlencoded`, HTML §4.10.21.7), at most
    /// the server's body limit.
    private func readForm(_ request: Request) async throws -> FormBody {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/x-www-form-urlencoded" else {
            throw ConsoleRefusal(status: 415, heading: "Request refused", "The console accepts only its own HTML forms.")
        }
        let buffer = try await request.collectSCIMBody(
            upTo: configuration.maxBodyBytes, tooLarge: .payloadTooLarge("Console forms are limited to \(configuration.maxBodyBytes) bytes"))
        do {
            return try FormBody(String(buffer: buffer))
        } catch {
            throw ConsoleRefusal(status: 400, heading: "Request refused", "The form could not be read; reload the page and try again.")
        }
    }
}
