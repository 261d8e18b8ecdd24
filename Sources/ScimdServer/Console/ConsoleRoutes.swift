import Foundation
import HTTPTypes
import Hummingbird
import Provisioning
import SCIM
import Store

/// `/console`: the tenant administrator's web pages over the same admin operations as scimctl
/// and `/admin/v1`. Each route builds an operation, runs it in the session's tenant (the sync
/// log names the session's client, `console:<token name>` or `console:<client id>`), and
/// renders its result; no lookup, rule or JSON shape lives here.
struct ConsoleRoutes: Sendable {
    static let basePath = "/console"
    /// Entries per sync-log page.
    static let pageSize = 50
    let services: ProvisioningServices
    let configuration: ServerConfiguration
    let sessions: ConsoleSessions
    let pages = ConsolePages()
    let assets = ConsoleAssets()
    let throttle = SignInThrottle()

    init(services: ProvisioningServices, configuration: ServerConfiguration) {
        self.services = services
        self.configuration = configuration
        self.sessions = ConsoleSessions(
            services: services, idleSeconds: configuration.consoleIdleSeconds, lifetimeSeconds: configuration.consoleSessionSeconds)
    }

    func addRoutes(to router: Router<ScimdRequestContext>) {
        let group = router.group(RouterPath(Self.basePath))
            .add(middleware: ConsoleMiddleware(sessions: sessions, pages: pages, configuration: configuration))
        group.get("assets/:name") { request, context -> Response in
            guard let response = assets.response(try context.parameters.require("name"), headers: request.headers) else {
                throw ConsoleRefusal.notFound("There is no console asset by that name.")
            }
            return response
        }
        group.get("signin") { request, context in signInPage(request, context) }
        group.post("signin") { request, context in try await signIn(request, context) }
        group.post("signout") { _, context in try await signOut(context) }
        group.post("tenant") { _, context in try await switchTenant(context) }
        // `/console` and `/console/` (the router ignores the trailing slash).
        group.get("") { _, context in try await overview(context) }
        group.get("reports") { request, context in try await reports(request, context) }
        group.get("reports/email") { request, context in try await emailReport(request, context) }
        group.get("log") { request, context in try await syncLog(request, context) }
        group.get("log/stream") { request, context in try await followLog(request, context) }
        group.get("log/export") { request, context in try await exportLog(request, context) }
        group.get("log/:seq") { _, context in try await logEntry(context) }
        group.get("users") { request, context in try await users(request, context) }
        group.get("users/:key") { _, context in try await user(context) }
        group.get("provision") { _, context in provisionPage(context) }
        group.post("provision") { _, context in try await provision(context) }
        group.get("groups") { request, context in try await groups(request, context) }
        group.get("groups/:key") { _, context in try await self.group(context) }
        group.get("mappings") { request, context in try await mappingsPage(request, context) }
        group.post("mappings/preview") { _, context in try await previewMapping(context) }
        group.post("mappings") { _, context in try await addMapping(context) }
        group.post("mappings/delete") { _, context in try await removeMapping(context) }
        group.post("roles") { _, context in try await createRole(context) }
        group.post("roles/delete") { _, context in try await deleteRole(context) }
        group.post("organizations") { _, context in try await createOrganization(context) }
        group.post("organizations/delete") { _, context in try await deleteOrganization(context) }
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            group.on("**", method: method) { request, _ -> Response in
                throw ConsoleRefusal.notFound("There is no console page at \(request.uri.path).")
            }
        }
    }

    // MARK: Running operations

    /// Runs `operation` in the session's tenant as the session's client.
    func run<Operation: AdminOperation>(_ operation: Operation, _ context: ScimdRequestContext) async throws -> Operation.Result {
        guard let session = context.console.session else { throw ConsoleRefusal.csrf("Sign in first.") }
        let adminContext = sessions.adminContext(
            session, correlationID: context.correlationID, sourceAddress: context.sourceAddress,
            baseURL: context.scimBaseURL(configuration))
        do {
            return try await operation.run(adminContext)
        } catch {
            throw ConsoleRefusal.from(error)
        }
    }

    func parameter(_ name: String, _ context: ScimdRequestContext) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// Whether cookies must be `Secure`: scimd terminates TLS, or clients reach it over HTTPS.
    func secureCookies(_ context: ScimdRequestContext) -> Bool {
        configuration.tls != nil || (configuration.publicURL?.lowercased().hasPrefix("https://") ?? false)
            || context.forwarded?.scheme?.lowercased() == "https"
    }

    // MARK: Sign-in and sign-out

    private func signInPage(_ request: Request, _ context: ScimdRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok)
        -> Response
    {
        if context.console.session != nil, error == nil { return ConsolePages.redirect("/console/") }
        var headers = HTTPFields()
        let existing = ConsoleCookies.value(ConsoleCookies.signIn, in: request.headers).flatMap { $0.utf8.count == 43 ? $0 : nil }
        let token = existing ?? ConsoleSessions.randomSecret()
        if existing == nil {
            headers[.setCookie] = ConsoleCookies.header(
                ConsoleCookies.signIn, value: token, path: "/console/signin", maxAge: 3600, secure: secureCookies(context))
        }
        var data: [String: Any] = ["signInCSRF": token]
        if let error {
            data["error"] = error
        } else if let ended = request.uri.queryParameters.get("ended").flatMap(ConsoleSessions.EndReason.init(rawValue:)) {
            data["notice"] = ended.message
        }
        return pages.render(SignInPage.name, title: "Sign in", state: ConsoleRequestState(), status: status, data: data, headers: headers)
    }

    private func signIn(_ request: Request, _ context: ScimdRequestContext) async throws -> Response {
        let form = context.console.form
        guard throttle.allow(context.sourceAddress ?? "unknown", nowMs: services.clock.nowMs()) else {
            return signInPage(request, context, error: "Too many sign-in attempts from this address; wait a minute and try again.", status: .tooManyRequests)
        }
        // The form has both fieldsets; a browser sends the empty one too.
        func field(_ name: String) -> String? {
            form?[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let credentials: ConsoleSessions.Credentials
        if let token = field("token") {
            credentials = .token(token)
        } else if let id = field("client_id"), let secret = field("client_secret") {
            credentials = .client(id: id, secret: secret)
        } else {
            return signInPage(request, context, error: "Enter an admin token, or a client id and its secret.", status: .badRequest)
        }
        let issued: ConsoleSessions.Issued?
        do {
            issued = try await sessions.signIn(credentials)
        } catch {
            throw ConsoleRefusal.from(error)
        }
        // OWASP Authentication: the message does not say which half was wrong.
        guard let issued else {
            return signInPage(request, context, error: "These sign-in details are not valid.", status: .unauthorized)
        }
        var headers = HTTPFields()
        let secure = secureCookies(context)
        let lifetime = Int((issued.session.expiresMs - issued.session.createdMs) / 1000)
        headers.append(HTTPField(name: .setCookie, value: ConsoleCookies.header(
            ConsoleCookies.session, value: issued.id, path: Self.basePath, maxAge: lifetime, secure: secure)))
        headers.append(HTTPField(name: .setCookie, value: ConsoleCookies.header(
            ConsoleCookies.signIn, value: "", path: "/console/signin", maxAge: nil, secure: secure)))
        return ConsolePages.redirect("/console/", headers: headers)
    }

    /// An operator's session moves to the tenant its header picker names, then shows the
    /// overview there (another tenant's page under the old path may not exist).
    private func switchTenant(_ context: ScimdRequestContext) async throws -> Response {
        guard let id = context.console.sessionID, let session = context.console.session else {
            throw ConsoleRefusal.csrf("Sign in first.")
        }
        guard let tenant = context.console.form?["tenant"], !tenant.isEmpty else {
            throw ConsoleRefusal(status: 400, heading: "Cannot do that", "Choose a tenant to switch to.")
        }
        do {
            let moved = try await sessions.switchTenant(sessionID: id, session: session, to: tenant)
            context.logger.notice(
                "console session switched tenant",
                metadata: ["client": "\(session.client)", "from": "\(session.tenantName)", "to": "\(moved.tenantName)"])
        } catch {
            throw ConsoleRefusal.from(error)
        }
        return ConsolePages.redirect("/console/")
    }

    private func signOut(_ context: ScimdRequestContext) async throws -> Response {
        if let id = context.console.sessionID {
            do {
                try await sessions.signOut(id: id)
            } catch {
                throw ConsoleRefusal.from(error)
            }
        }
        var headers = HTTPFields()
        headers[.setCookie] = ConsoleCookies.header(
            ConsoleCookies.session, value: "", path: Self.basePath, maxAge: nil, secure: secureCookies(context))
        return ConsolePages.redirect("/console/signin", headers: headers)
    }
}

extension ConsoleRoutes {
    /// The console's URL beside a SCIM root (`…/scim/v2` → `…/console/`), for the start-up line.
    static func consoleURL(scimBase: String) -> String {
        let root = scimBase.hasSuffix(SCIMController.basePath) ? String(scimBase.dropLast(SCIMController.basePath.count)) : scimBase
        return root + basePath + "/"
    }
}
