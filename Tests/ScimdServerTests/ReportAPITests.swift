import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import Testing

/// `GET /admin/v1/report` over real HTTP: the sync report's numbers equal what the sync log holds
/// for the same period, the period bounds what is counted, the failure rate warns from 10%, the
/// HTML is one self-contained, escaped page, and each tenant sees only its own report.
@Suite("Admin API: the sync report")
struct ReportAPITests {
    static func now() -> Int64 { ProvisioningClock.system.nowMs() }

    /// A few milliseconds apart, so a period boundary falls between two writes.
    static func mark() async throws -> Int64 {
        try await Task.sleep(for: .milliseconds(5))
        let mark = now()
        try await Task.sleep(for: .milliseconds(5))
        return mark
    }

    static func period(_ since: Int64, _ until: Int64?) -> String {
        var query = "report?since=\(SCIMDateTime.format(milliseconds: since))"
        if let until { query += "&until=\(SCIMDateTime.format(milliseconds: until))" }
        return query
    }

    static func int(_ value: SCIMValue?) -> Int { value?.asInt ?? -1 }

    /// The default tenant's entries of `[since, until)`, read through the service layer, oldest first.
    static func entries(_ scim: SCIMTestClient, _ since: Int64, _ until: Int64) async throws -> [SyncLogEntry] {
        let tenant = try await scim.services.tenants.tenant(named: TenantService.defaultTenantName)
        // The log's `until` is inclusive; the report's is not.
        return try await scim.services.syncLog.entries(SyncLogQuery(tenantID: tenant.id, sinceMs: since, untilMs: until - 1, limit: 100_000))
            .reversed()
    }

    /// True when the entry's `changes` turn `active` from `old` to `new`.
    static func turnsActive(_ entry: SyncLogEntry, from old: Bool?, to new: Bool) -> Bool {
        (entry.changes?.arrayValue ?? []).contains { change in
            caseFold(change["attribute"]?.stringValue ?? "") == "active" && change["new"]?.boolValue == new
                && (old == nil ? change["old"]?.boolValue != false : change["old"]?.boolValue == old)
        }
    }

    /// The default rules, and users only from example.com.
    static let exampleOnly = ScopeRules(required: ScopeRules.defaults.required, criteria: [.domain: .values(["example.com"])])

    @Test("every count of the report equals what the sync log says for the period")
    func countsMatchTheLog() async throws {
        try await TestServer.run(scope: Self.exampleOnly) { scim in
            let token = try await scim.adminToken()
            let since = try await Self.mark()
            let ann = try await scim.createProvisionedUser("ann@example.com").id
            let bob = try await scim.createProvisionedUser("bob@example.com").id
            let cy = try await scim.createProvisionedUser("cy@example.com").id
            let odd = try await scim.createProvisionedUser(
                "<b>&\"x", extra: ["emails": [["type": "work", "primary": true, "value": "odd@example.com"]]]
            ).id
            // Another domain: out of sync scope.
            #expect(try await scim.createProvisionedUser("out@contractor.org").status == 201)
            // PATCH: an attribute, then a deactivation and a reactivation.
            #expect(try await scim.patch("Users/\(ann)", [["op": "replace", "path": "title", "value": "Engineer"]]).status == 200)
            #expect(try await scim.patch("Users/\(ann)", [["op": "Replace", "path": "active", "value": false]]).status == 200)
            #expect(try await scim.patch("Users/\(ann)", [["op": "Replace", "path": "active", "value": true]]).status == 200)
            // PUT deactivates bob.
            let put: SCIMValue = [
                "schemas": [.string(SCIMTestClient.userSchema)], "userName": "bob@example.com", "active": false,
                "name": ["givenName": "Bob", "familyName": "Family"], "emails": [["type": "work", "value": "bob@example.com"]],
            ]
            #expect(try await scim.request(.put, "Users/\(bob)", json: put).status == 200)
            // A local user, created and deactivated in scimd.
            let local = try await scim.admin(
                .post, "users",
                json: [
                    "schemas": [.string(SCIMTestClient.userSchema)], "userName": "loc@example.com",
                    "name": ["givenName": "Lo", "familyName": "Cal"], "emails": [["type": "work", "value": "loc@example.com"]],
                ], token: token)
            #expect(local.status == 201, "\(local.raw)")
            #expect(try await scim.admin(.post, "users/loc%40example.com/deactivate", token: token).status == 200)
            #expect(try await scim.request(.delete, "Users/\(cy)").status == 204)
            // Refused: a duplicate, a PATCH that names nothing, an unknown user.
            #expect(try await scim.createProvisionedUser("<b>&\"x").status == 409)
            #expect(try await scim.patch("Users/\(ann)", [["op": "frobnicate", "path": "title", "value": "x"]]).status == 400)
            #expect(try await scim.patch("Users/nobody", [["op": "replace", "path": "title", "value": "x"]]).status == 404)
            // A mapping that assigns roles, and one to a role that does not exist.
            let sales = try await scim.createGroup("Sales", members: [ann, bob, odd]).id
            #expect(!sales.isEmpty)
            #expect(try await scim.admin(.post, "roles", json: ["name": "Analyst"], token: token).status == 201)
            #expect(try await scim.admin(.post, "mappings", json: ["kind": "role", "group": "Sales", "target": "Analyst"], token: token).status == 201)
            #expect(try await scim.admin(.post, "mappings", json: ["kind": "role", "group": "Sales", "target": "Ghost"], token: token).status == 201)
            let until = try await Self.mark()

            let response = try await scim.admin(.get, Self.period(since, until), token: token)
            #expect(response.status == 200, "\(response.raw)")
            let report = try #require(response.json)
            let entries = try await Self.entries(scim, since, until)
            #expect(Self.int(report["entries"]) == entries.count)

            // Users and groups: the log's own counts, per resource type.
            for (key, type) in [("users", "User"), ("groups", "Group")] {
                let counts = SyncLogCounts(entries.filter { $0.resourceType == type })
                #expect(Self.int(report[key]?["created"]) == counts.created, "\(key)")
                #expect(Self.int(report[key]?["updated"]) == counts.updated, "\(key)")
                #expect(Self.int(report[key]?["deleted"]) == counts.deleted, "\(key)")
            }
            #expect(Self.int(report["users"]?["created"]) == 6)  // ann, bob, cy, odd, out, loc
            #expect(Self.int(report["users"]?["deleted"]) == 1)
            let userWrites = entries.filter {
                $0.status == .success && $0.resourceType == "User" && $0.operation != "mapping"
                    && !["create", "local-create"].contains($0.details?["write"]?.stringValue ?? $0.operation)
            }
            let deactivated = userWrites.filter { Self.turnsActive($0, from: nil, to: false) }.count
            let reactivated = userWrites.filter { Self.turnsActive($0, from: false, to: true) }.count
            #expect(deactivated == 3 && reactivated == 1)  // PATCH ann, PUT bob, local loc; PATCH ann back
            #expect(Self.int(report["users"]?["deactivated"]) == deactivated)
            #expect(Self.int(report["users"]?["reactivated"]) == reactivated)

            // Roles: what the mapping entries added.
            let mappingChanges = entries.filter { $0.operation == "mapping" && $0.status == .success }.flatMap { $0.changes?.arrayValue ?? [] }
            let assigned = mappingChanges.filter { $0["attribute"] == "roles" }.reduce(0) { $0 + ($1["added"]?.arrayValue?.count ?? 0) }
            #expect(assigned >= 2)
            #expect(Self.int(report["assignments"]?["rolesAssigned"]) == assigned)

            // Out of scope: the skipped entries, one user.
            let skipped = entries.filter { $0.status == .skipped && $0.errorCode == "outOfScope" }
            #expect(Self.int(report["outOfScope"]?["entries"]) == skipped.count && skipped.count >= 1)
            #expect(Self.int(report["outOfScope"]?["users"]) == 1)
            let rule = try #require(report["outOfScope"]?["rules"]?.arrayValue?.first)
            #expect(rule["rule"]?.stringValue?.contains("domain") == true && Self.int(rule["users"]) == 1)

            // Refusals by cause, with an example.
            let refused = entries.filter { $0.status == .failure && $0.operation != "mapping" }
            #expect(refused.count == 3)
            #expect(Self.int(report["refusals"]?["total"]) == refused.count)
            let causes = report["refusals"]?["causes"]?.arrayValue ?? []
            #expect(causes.reduce(0) { $0 + Self.int($1["count"]) } == refused.count)
            #expect(Set(causes.compactMap { $0["errorCode"]?.stringValue }) == Set(refused.compactMap(\.errorCode)))
            let uniqueness = causes.first { $0["errorCode"] == "uniqueness" }
            #expect(uniqueness?["example"]?.stringValue == refused.first { $0.errorCode == "uniqueness" }?.message)

            // The open error touches every member of Sales, and says what to do.
            let open = try await scim.admin(.get, "errors", token: token).json?.arrayValue ?? []
            let ghost = try #require(report["openMappingErrors"]?.arrayValue?.first { $0["target"] == "Ghost" })
            #expect(Self.int(ghost["users"]) == open.filter { $0["target"] == "Ghost" }.count)
            #expect(Self.int(ghost["users"]) == 3 && ghost["group"] == "Sales" && ghost["reason"] == "role_missing")
            #expect(ghost["remedy"]?.stringValue?.contains("scimctl roles create 'Ghost'") == true)
            #expect(ghost["exampleUser"] == "<b>&\"x")

            // The failure rate: the identity provider's writes in the period.
            let scimWrites = entries.filter { ["create", "replace", "patch", "delete", "bulk"].contains($0.operation) }
            #expect(Self.int(report["failureRate"]?["scimWrites"]) == scimWrites.count)
            #expect(Self.int(report["failureRate"]?["failures"]) == scimWrites.filter { $0.status == .failure }.count)

            // The busiest client is the SCIM token; its requests are its entries but the mapping ones.
            let busiest = try #require(report["clients"]?.arrayValue?.first)
            #expect(busiest["client"] == "test")
            #expect(Self.int(busiest["requests"]) == entries.filter { $0.client == "test" && $0.operation != "mapping" }.count)

            // The HTML page: self-contained, no script, every value escaped.
            let html = try await scim.admin(.get, Self.period(since, until) + "&format=html", token: token)
            #expect(html.status == 200 && html.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(html.raw.hasPrefix("<!DOCTYPE html>") && html.raw.contains("</html>"))
            #expect(!html.raw.lowercased().contains("<script"))
            #expect(!html.raw.contains("http://") && !html.raw.contains("https://"))
            #expect(!html.raw.lowercased().contains("<link") && !html.raw.lowercased().contains("<img"))
            #expect(html.raw.contains("&lt;b&gt;&amp;&quot;x") && !html.raw.contains("<b>&\"x"))
            #expect(html.raw.contains("Ghost") && html.raw.contains(">\(Self.int(report["users"]?["created"]))<"))
        }
    }

    @Test("since and until bound the period: what falls outside is not counted")
    func periodBounds() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let start = try await Self.mark()
            #expect(try await scim.createUser("early").status == 201)
            let middle = try await Self.mark()
            #expect(try await scim.createUser("late").status == 201)
            #expect(try await scim.createUser("later").status == 201)
            let end = try await Self.mark()
            func created(_ path: String) async throws -> Int {
                let response = try await scim.admin(.get, path, token: token)
                #expect(response.status == 200, "\(response.raw)")
                return Self.int(response["users"]?["created"])
            }
            #expect(try await created(Self.period(start, middle)) == 1)
            #expect(try await created(Self.period(middle, end)) == 2)
            #expect(try await created(Self.period(start, end)) == 3)
            #expect(try await created(Self.period(middle, nil)) == 2)  // until defaults to now
            #expect(try await created("report") == 3)  // the last 24 hours
            #expect(try await created(Self.period(end, nil)) == 0)
            let since = try await scim.admin(.get, Self.period(start, middle), token: token)
            #expect(since["since"]?.stringValue == SCIMDateTime.format(milliseconds: start))
            #expect(since["until"]?.stringValue == SCIMDateTime.format(milliseconds: middle))
        }
    }

    @Test("the failure rate warns from 10% and is critical from 25%, not below")
    func failureRateLevels() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            // Refused creates: the same userName again (409).
            func writes(ok: Int, refused: Int, prefix: String) async throws {
                for i in 0..<ok { #expect(try await scim.createUser("\(prefix)-\(i)").status == 201) }
                for _ in 0..<refused { #expect(try await scim.createUser("\(prefix)-0").status == 409) }
            }
            let t0 = try await Self.mark()
            try await writes(ok: 10, refused: 1, prefix: "a")  // 1 of 11: 9.1%
            let t1 = try await Self.mark()
            try await writes(ok: 8, refused: 2, prefix: "b")  // 2 of 10: 20%
            let t2 = try await Self.mark()
            try await writes(ok: 3, refused: 1, prefix: "c")  // 1 of 4: 25%
            let t3 = try await Self.mark()
            func rate(_ since: Int64, _ until: Int64) async throws -> SCIMValue? {
                try await scim.admin(.get, Self.period(since, until), token: token)["failureRate"]
            }
            let low = try await rate(t0, t1)
            #expect(low?["level"] == "ok" && Self.int(low?["failures"]) == 1 && Self.int(low?["scimWrites"]) == 11)
            #expect(low?["percent"] == .decimal(9.1))
            #expect(low?["message"]?.stringValue?.contains("below the 10% warning level") == true)
            let warning = try await rate(t1, t2)
            #expect(warning?["level"] == "warning" && warning?["message"]?.stringValue?.contains("40%") == true)
            #expect(warning?["message"]?.stringValue?.contains("at or above the 10% warning level") == true)
            let critical = try await rate(t2, t3)
            #expect(critical?["level"] == "critical" && critical?["message"]?.stringValue?.contains("at or above the 25% critical level") == true)
            // Over the whole run: 4 of 25, 16%.
            #expect(try await rate(t0, t3)?["level"] == "warning")

            let text = try await scim.admin(.get, Self.period(t1, t2) + "&format=text", token: token)
            #expect(text.headers[.contentType]?.hasPrefix("text/plain") == true && text.raw.contains("WARNING: 20% of SCIM writes failed"))
            let quiet = try await scim.admin(.get, Self.period(t0, t1) + "&format=text", token: token)
            #expect(quiet.raw.contains("OK: 9.1% of SCIM writes failed") && !quiet.raw.contains("WARNING"))
        }
    }

    @Test("each tenant's admin token reads its own tenant's report")
    func tenantIsolation() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let otherSCIM = try await scim.token(forNewTenant: "other")
            let otherAdmin = try await scim.services.tokenAdministration.createToken(tenantName: "other", name: "op", kind: .admin).secret
            #expect(try await scim.createUser("mine").status == 201)
            for name in ["theirs-1", "theirs-2"] { #expect(try await scim.createUser(name, token: otherSCIM).status == 201) }
            #expect(try await scim.createUser("theirs-1", token: otherSCIM).status == 409)
            let mine = try await scim.admin(.get, "report", token: token)
            let theirs = try await scim.admin(.get, "report", token: otherAdmin)
            #expect(mine["tenant"] == "default" && theirs["tenant"] == "other")
            #expect(Self.int(mine["users"]?["created"]) == 1 && Self.int(mine["refusals"]?["total"]) == 0)
            #expect(Self.int(theirs["users"]?["created"]) == 2 && Self.int(theirs["refusals"]?["total"]) == 1)
            #expect(!(mine.raw.contains("theirs")) && !(theirs.raw.contains("mine")))
        }
    }

    @Test("a bad since, until or format is a 400 that names it")
    func badParameters() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            for (query, words) in [
                ("report?since=yesterday", ["since", "'yesterday'"]), ("report?until=soon", ["until", "'soon'"]),
                ("report?since=1h&until=2h", ["since must be before until"]), ("report?format=pdf", ["format", "'pdf'"]),
            ] {
                let response = try await scim.admin(.get, query, token: token)
                #expect(response.status == 400 && response.isSCIMError, "\(query): \(response.raw)")
                let detail = response["detail"]?.stringValue ?? ""
                #expect(words.allSatisfy { detail.contains($0) }, "\(query): \(detail)")
            }
            #expect(try await scim.request(.get, "/admin/v1/report").status == 401)
        }
    }
}
