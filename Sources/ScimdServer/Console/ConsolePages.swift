import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The console's templates, compiled into the binary and parsed once at start-up into one
/// `MustacheLibrary`, and the page frame every response shares (navigation, tenant, sign-out).
struct ConsolePages: Sendable {
    /// Every page template by name; `layout` is the parent the others extend.
    static let templates: [(name: String, text: String)] = [
        (LayoutTemplate.name, LayoutTemplate.template), (SignInPage.name, SignInPage.template),
        (ErrorPage.name, ErrorPage.template), (SyncLogPage.name, SyncLogPage.template),
        (LogEntryPage.name, LogEntryPage.template), (UsersPage.name, UsersPage.template), (UserPage.name, UserPage.template),
        (GroupsPage.name, GroupsPage.template), (GroupPage.name, GroupPage.template), (MappingsPage.name, MappingsPage.template),
        (OverviewPage.name, OverviewPage.template), (ReportsPage.name, ReportsPage.template),
        (ProvisionPage.name, ProvisionPage.template), (ChangesPartial.name, ChangesPartial.template),
    ]

    /// The navigation, in order: path and label.
    static let navigation: [(path: String, label: String)] = [
        ("/console/", "Overview"), ("/console/log", "Sync log"), ("/console/users", "Users"), ("/console/provision", "Test provision"),
        ("/console/groups", "Groups"),
        ("/console/mappings", "Mappings"), ("/console/reports", "Reports"),
    ]

    /// Nil when a template does not parse: a defect the tests catch; pages then answer 500.
    let library: MustacheLibrary?

    init() {
        var library = MustacheLibrary()
        do {
            for template in Self.templates { try library.register(template.text, named: template.name) }
            self.library = library
        } catch {
            self.library = nil
        }
    }

    /// A page: `template` rendered with `data` and the frame for `state`'s session.
    func render(
        _ template: String, title: String, state: ConsoleRequestState, current: String? = nil, status: HTTPResponse.Status = .ok,
        data: [String: Any] = [:], headers extra: HTTPFields = [:]
    ) -> Response {
        var context = data
        context["title"] = title
        if let session = state.session {
            context["signedIn"] = true
            context["tenant"] = session.tenantName
            context["client"] = session.client
            context["csrf"] = session.csrfSecret
            // Empty unless the session may choose (`ConsoleSessions.tenantChoices`).
            if !state.tenantChoices.isEmpty {
                context["hasTenantPicker"] = true
                context["tenantPicker"] = state.tenantChoices.map { name -> [String: Any] in
                    ["name": name, "selected": name == session.tenantName]
                }
            }
            context["nav"] = Self.navigation.map { item -> [String: Any] in
                ["href": item.path, "label": item.label, "current": item.path == current]
            }
        } else {
            context["signedIn"] = false
        }
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        guard let html = library?.render(context, withTemplate: template) else {
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(
                status: .internalServerError, headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: "The console page '\(template)' could not be rendered.\n")))
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A refusal as a page with its status.
    func refusal(_ refusal: ConsoleRefusal, state: ConsoleRequestState) -> Response {
        let signedIn = state.session != nil
        return render(
            ErrorPage.name, title: refusal.heading, state: state, status: HTTPResponse.Status(code: refusal.status),
            data: [
                "heading": refusal.heading, "message": refusal.message, "back": signedIn ? "/console/log" : "/console/signin",
                "backLabel": signedIn ? "Back to the console" : "Sign in",
            ])
    }

    /// 303 See Other (RFC 9110 §15.4.4): after a form, the browser GETs `location`.
    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
