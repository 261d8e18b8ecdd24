import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing
@testable import ScimdServer

/// What a console session may do follows the credential it signed in with: an operator token's
/// session may switch tenants, an admin token's or client's may not, and revoking the credential
/// ends its sessions at their next request. `/admin/v1` follows the same rule with `Scimd-Tenant`.
@Suite("Console and admin API: operator tokens and credential revocation")
struct ConsoleCredentialTests {
    /// Roles of `tenant`, read through the same operation scimctl runs.
    private func roles(_ scim: SCIMTestClient, tenant name: String) async throws -> [String] {
        let tenant = try await scim.services.tenants.tenant(named: name)
        return try await ListRoles().run(AdminContext(services: scim.services, tenant: tenant, client: "test", baseURL: "")).map(\.name)
    }

    @Test("an operator token's session switches tenants from the header; its changes land there, logged as console:operator:<name>")
    func operatorSwitchesTenants() async throws {
        try await TestServer.run { scim in
            _ = try await scim.services.tenants.createTenant(name: "globex")
            let token = try await scim.services.tokenAdministration.createToken(name: "ops", kind: .operator).secret
            let browser = ConsoleBrowser(scim)
            #expect(try await browser.signIn(token: token).status == 303)
            let home = try await browser.get("/console/log")
            #expect(home.body.contains("Tenant <strong>default</strong>"))
            #expect(home.body.contains("signed in as console:operator:ops"))
            #expect(home.body.contains("<select id=\"tenant-choice\" name=\"tenant\">"))
            #expect(home.body.contains("<option value=\"globex\">globex</option>"))
            #expect(home.body.contains("<option value=\"default\" selected>default</option>"))

            let switched = try await browser.post("/console/tenant", ["tenant": "globex"])
            #expect(switched.status == 303)
            #expect(switched.location == "/console/")
            let there = try await browser.get("/console/log")
            #expect(there.body.contains("Tenant <strong>globex</strong>"))
            #expect(there.body.contains("<option value=\"globex\" selected>globex</option>"))

            #expect(try await browser.post("/console/roles", ["name": "Auditor"]).status == 303)
            #expect(try await roles(scim, tenant: "globex") == ["Auditor"])
            #expect(try await roles(scim, tenant: "default").isEmpty)
            let globex = try await scim.services.tenants.tenant(named: "globex")
            let entries = try await scim.services.syncLog.entries(SyncLogQuery(tenantID: globex.id, limit: 10))
            #expect(entries.first?.client == "console:operator:ops", "\(entries)")

            let unknown = try await browser.post("/console/tenant", ["tenant": "initech"])
            #expect(unknown.status == 404)
            #expect(unknown.body.contains("No tenant named"))
            #expect(try await browser.get("/console/log").body.contains("Tenant <strong>globex</strong>"), "a refused switch moves nothing")
            let empty = try await browser.post("/console/tenant", ["tenant": ""])
            #expect(empty.status == 400)
        }
    }

    @Test("an admin token's or a client's session has no tenant picker and is refused a switch with 403")
    func tenantSessionsCannotSwitch() async throws {
        try await TestServer.run { scim in
            _ = try await scim.services.tenants.createTenant(name: "globex")
            let token = try await scim.services.tokenAdministration.createToken(name: "it-admin", kind: .admin).secret
            let client = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            for signIn in [
                { (browser: ConsoleBrowser) in try await browser.signIn(token: token) },
                { (browser: ConsoleBrowser) in try await browser.signIn(clientID: client.client.id, secret: client.secret) },
            ] {
                let browser = ConsoleBrowser(scim)
                #expect(try await signIn(browser).status == 303)
                let page = try await browser.get("/console/log")
                #expect(page.status == 200)
                #expect(!page.body.contains("tenant-choice"))
                let refused = try await browser.post("/console/tenant", ["tenant": "globex"])
                #expect(refused.status == 403)
                #expect(refused.body.contains("operator token"))
                #expect(try await browser.get("/console/log").body.contains("Tenant <strong>default</strong>"))
            }
        }
    }

    @Test("a browser's client sign-in sends the empty token field too; the client fields are used")
    func clientSignInWithEmptyTokenField() async throws {
        try await TestServer.run { scim in
            let client = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            let browser = ConsoleBrowser(scim)
            _ = try await browser.get("/console/signin")
            let signedIn = try await browser.post(
                "/console/signin", ["token": "", "client_id": client.client.id, "client_secret": client.secret])
            #expect(signedIn.status == 303)
            #expect(try await browser.get("/console/log").body.contains("console:\(client.client.id)"))
        }
    }

    @Test("revoking the token a session signed in with ends the session at its next request, and the sign-in page says why")
    func revokedTokenEndsSession() async throws {
        try await TestServer.run { scim in
            for kind in [TokenKind.admin, .operator] {
                let issued = try await scim.services.tokenAdministration.createToken(name: "ops-\(kind.rawValue)", kind: kind)
                let browser = ConsoleBrowser(scim)
                try await browser.signIn(token: issued.secret)
                #expect(try await browser.get("/console/log").status == 200)
                _ = try await scim.services.tokenAdministration.revokeToken(id: issued.record.id)
                let ended = try await browser.get("/console/log")
                #expect(ended.status == 303, "\(kind)")
                #expect(ended.location == "/console/signin?ended=revoked")
                let signIn = try await browser.get(try #require(ended.location))
                #expect(signIn.body.contains("was revoked or has expired"))
                // The session is gone: its form is refused too, with the reason now "ended".
                let post = try await browser.post("/console/roles", ["name": "Late"], csrf: .some("anything"))
                #expect(post.status == 403)
                #expect(try await roles(scim, tenant: "default").isEmpty)
            }
        }
    }

    @Test("revoking the OAuth client a session signed in with ends the session; another client's session goes on")
    func revokedClientEndsSession() async throws {
        try await TestServer.run { scim in
            let revoked = try await scim.services.oauth.createClient(tenantName: "default", name: "entra")
            let kept = try await scim.services.oauth.createClient(tenantName: "default", name: "okta")
            let first = ConsoleBrowser(scim)
            try await first.signIn(clientID: revoked.client.id, secret: revoked.secret)
            let second = ConsoleBrowser(scim)
            try await second.signIn(clientID: kept.client.id, secret: kept.secret)
            _ = try await scim.services.oauth.revokeClient(id: revoked.client.id)
            let ended = try await first.get("/console/")
            #expect(ended.location == "/console/signin?ended=revoked")
            #expect(try await second.get("/console/").status == 200)
        }
    }

    @Test("an expired session's sign-in page says it expired")
    func expiredSessionSaysSo() async throws {
        try await TestServer.run(configure: { $0.consoleIdleSeconds = 1 }) { scim in
            let token = try await scim.services.tokenAdministration.createToken(name: "ops", kind: .admin).secret
            let browser = ConsoleBrowser(scim)
            try await browser.signIn(token: token)
            try await Task.sleep(for: .milliseconds(1_300))
            let ended = try await browser.get("/console/log")
            #expect(ended.location == "/console/signin?ended=expired")
            #expect(try await browser.get("/console/signin?ended=expired").body.contains("Your console session expired."))
            // A made-up reason shows nothing.
            #expect(!(try await browser.get("/console/signin?ended=%3Cscript%3E").body.contains("notice\" role=\"status")))
        }
    }

    @Test("/admin/v1: an operator token acts in the tenant Scimd-Tenant names, else its own; an admin token only in its own")
    func adminAPITenantHeader() async throws {
        try await TestServer.run { scim in
            _ = try await scim.services.tenants.createTenant(name: "globex")
            let operatorToken = try await scim.services.tokenAdministration.createToken(name: "ops", kind: .operator).secret
            let adminToken = try await scim.services.tokenAdministration.createToken(name: "it", kind: .admin).secret
            let role: SCIMValue = ["name": "Auditor"]
            let inGlobex = try await scim.request(
                .post, "/admin/v1/roles", json: role, headers: [HTTPField.Name("Scimd-Tenant")!: "globex"], token: operatorToken,
                contentType: "application/json")
            #expect(inGlobex.status == 201, "\(inGlobex.raw)")
            #expect(try await roles(scim, tenant: "globex") == ["Auditor"])
            #expect(try await roles(scim, tenant: "default").isEmpty)
            let globex = try await scim.services.tenants.tenant(named: "globex")
            let entries = try await scim.services.syncLog.entries(SyncLogQuery(tenantID: globex.id, limit: 10))
            #expect(entries.first?.client == "admin:operator:ops")

            let home = try await scim.request(.post, "/admin/v1/roles", json: ["name": "Home"], token: operatorToken, contentType: "application/json")
            #expect(home.status == 201)
            #expect(try await roles(scim, tenant: "default") == ["Home"])

            let unknown = try await scim.request(
                .get, "/admin/v1/roles", headers: [HTTPField.Name("Scimd-Tenant")!: "initech"], token: operatorToken)
            #expect(unknown.status == 404 && unknown.isSCIMError)

            let crossing = try await scim.request(
                .get, "/admin/v1/roles", headers: [HTTPField.Name("Scimd-Tenant")!: "globex"], token: adminToken)
            #expect(crossing.status == 403 && crossing.isSCIMError)
            #expect(crossing.json?["detail"]?.stringValue?.contains("operator token") == true)
            let own = try await scim.request(
                .get, "/admin/v1/roles", headers: [HTTPField.Name("Scimd-Tenant")!: "DEFAULT"], token: adminToken)
            #expect(own.status == 200, "naming its own tenant is fine")

            // A SCIM token is no admin credential, with or without the header.
            let scimToken = try await scim.request(.get, "/admin/v1/roles", headers: [HTTPField.Name("Scimd-Tenant")!: "globex"])
            #expect(scimToken.status == 401)
        }
    }
}
