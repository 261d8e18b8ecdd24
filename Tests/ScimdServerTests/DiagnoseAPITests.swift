import Foundation
import HTTPTypes
import Provisioning
import SCIM
import Store
import ChildProcess
import Testing

/// `GET /admin/v1/diagnose` and `POST /admin/v1/provision` over real HTTP: why a user has or has
/// not synced (eligible, out of scope, refused, never received), a group's members by failed
/// rule, and provisioning on demand — a dry run writes nothing, a real run equals the SCIM request.
@Suite("Admin API: diagnose and provision on demand")
struct DiagnoseAPITests {
    static let salesOrSupport = ScopeRules(criteria: [.department: .values(["Sales", "Support"])])

    @Test("an eligible user: every rule met, roles with the mapping and group they come from, organization with its priority")
    func eligible() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let token = try await scim.adminToken()
            let ann = try await scim.createProvisionedUser("ann@example.com").id
            _ = try await scim.createGroup("Sales", members: [ann])
            #expect(try await scim.admin(.post, "roles", json: ["name": "Analyst"], token: token).status == 201)
            #expect(try await scim.admin(.post, "organizations", json: ["name": "Field"], token: token).status == 201)
            let role = try await scim.admin(.post, "mappings", json: ["kind": "role", "group": "Sales", "target": "Analyst"], token: token)
            let org = try await scim.admin(
                .post, "mappings", json: ["kind": "organization", "group": "Sales", "target": "Field", "priority": 50], token: token)

            let d = try await scim.admin(.get, "diagnose?user=ann%40example.com", token: token)
            #expect(d.status == 200, "\(d.raw)")
            #expect(d["status"] == "known" && d["eligible"] == true)
            #expect(d["user"]?["id"] == .string(ann) && d["user"]?["matchedBy"] == "userName")
            let rules = d["rules"]?.arrayValue ?? []
            #expect(rules.count == 3 && rules.allSatisfy { $0["met"] == true })
            #expect(rules.first?["values"] == ["ann@example.com"])
            let assignment = d["assignment"]
            #expect(assignment?["frozen"] == false && assignment?["suspended"] == false)
            #expect(assignment?["roles"] == [["role": "Analyst", "mapping": role["id"] ?? .null, "group": "Sales"]])
            #expect(assignment?["organization"]?["name"] == "Field")
            #expect(assignment?["organization"]?["mapping"] == org["id"] && assignment?["organization"]?["priority"]?.asInt == 50)
            #expect(d["errors"] == [] && d["checklist"] == [] && d["refusal"] == .null)
            // The log holds the create and the mapping entries about ann, newest first.
            let log = d["log"]?.arrayValue ?? []
            #expect(log.last?["operation"] == "create" && log.contains { $0["operation"] == "mapping" })
            #expect(log.count <= 10)

            // A mapping to a role that does not exist: the open error comes with its remedy.
            _ = try await scim.admin(.post, "mappings", json: ["kind": "role", "group": "Sales", "target": "Ghost"], token: token)
            let withError = try await scim.admin(.get, "diagnose?user=\(ann)", token: token)
            #expect(withError["user"]?["matchedBy"] == "id")
            let error = try #require(withError["errors"]?.arrayValue?.first)
            #expect(error["target"] == "Ghost" && error["group"] == "Sales" && error["reason"] == "role_missing")
            #expect(error["remedy"]?.stringValue?.contains("scimctl roles create 'Ghost'") == true)
            #expect(withError["summary"]?.stringValue?.contains("1 open mapping error") == true)
        }
    }

    @Test("provision a group: scope rules apply to users, members added are the diff; the real run creates it")
    func provisionGroup() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let token = try await scim.adminToken()
            let ann = try await scim.createProvisionedUser("ann@example.com").id
            let group: SCIMValue = [
                "schemas": [.string(SCIMTestClient.groupSchema)], "displayName": "Field", "externalId": "grp-field",
                "members": [["value": .string(ann)]],
            ]
            let dry = try await scim.admin(.post, "provision?dryRun=true", json: group, token: token)
            #expect(dry.status == 200 && dry["resourceType"] == "Group" && dry["action"] == "create", "\(dry.raw)")
            let scope = dry["steps"]?.arrayValue?.first { $0["step"] == "scope" }
            #expect(scope?["status"] == "skipped" && scope?["detail"]?.stringValue?.contains("Scope rules apply to users") == true)
            #expect(dry["changes"]?.arrayValue?.contains { $0["attribute"] == "members" && $0["added"] == [.string(ann)] } == true)
            #expect(try await scim.request(.get, "Groups?filter=displayName%20eq%20%22Field%22").totalResults == 0)

            let unknownMember = try await scim.admin(
                .post, "provision?dryRun=true", json: DiagnoseAPITests.setting(group, "members", [["value": "nope"]]), token: token)
            #expect(unknownMember["steps"]?.arrayValue?.last?["detail"]?.stringValue?.contains("Member 'nope' does not exist") == true)

            let real = try await scim.admin(.post, "provision", json: group, token: token)
            #expect(real["action"] == "create" && real["operation"] == "provision-on-demand")
            let id = try #require(real["resourceId"]?.stringValue)
            #expect(try await scim.memberIDs(ofGroup: id) == [ann])
        }
    }

    @Test("a user found by email, in any letter case; an email two users share lists both")
    func byEmail() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let carl = try await scim.createUser("carl", extra: ["emails": [["value": "Carl.Work@Example.com", "type": "work"]]]).id
            let found = try await scim.admin(.get, "diagnose?user=carl.work%40example.COM", token: token)
            #expect(found["status"] == "known" && found["user"]?["id"] == .string(carl) && found["user"]?["matchedBy"] == "email")

            _ = try await scim.createUser("dora", extra: ["emails": [["value": "shared@example.com"]]])
            _ = try await scim.createUser("dan", extra: ["emails": [["value": "SHARED@example.com"]]])
            let shared = try await scim.admin(.get, "diagnose?user=shared%40example.com", token: token)
            #expect(shared.status == 200 && shared["status"] == "ambiguous")
            #expect(Set(shared["candidates"]?.arrayValue?.compactMap { $0["userName"]?.stringValue } ?? []) == ["dora", "dan"])
            #expect(shared["summary"]?.stringValue?.contains("2 users have the email") == true)
        }
    }

    @Test("an ineligible user: the department line shows the user's value and the rule; the assignment is frozen")
    func ineligible() async throws {
        try await TestServer.run(scope: Self.salesOrSupport) { scim in
            let token = try await scim.adminToken()
            let eve = try await scim.request(.post, "Users", json: EntraBodies.user(userName: "eve@example.com", externalId: "eve-1", department: "Engineering"))
            #expect(eve.status == 201)
            let d = try await scim.admin(.get, "diagnose?user=eve-1", token: token)
            #expect(d["status"] == "known" && d["eligible"] == false && d["user"]?["matchedBy"] == "externalId")
            let line = try #require(d["rules"]?.arrayValue?.first)
            #expect(line["rule"] == "department in [Sales, Support]" && line["met"] == false && line["values"] == ["Engineering"])
            #expect(d["assignment"]?["frozen"] == true)
            #expect(d["assignment"]?["outOfScope"]?.stringValue?.contains("'Engineering' is not in [Sales, Support]") == true)
            #expect(d["summary"]?.stringValue?.contains("out of sync scope") == true)
            #expect(d["log"]?.arrayValue?.contains { $0["errorCode"] == "outOfScope" } == true)
        }
    }

    @Test("a user refused for a missing email is never stored; diagnose by userName finds the refusal")
    func refused() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let token = try await scim.adminToken()
            let post = try await scim.createUser("frank@example.com", extra: ["name": ["givenName": "Frank", "familyName": "Fox"]])
            #expect(post.status == 400)
            let d = try await scim.admin(.get, "diagnose?user=frank%40example.com", token: token)
            #expect(d["status"] == "refused" && d["user"] == .null)
            #expect(d["refusal"]?.stringValue == post["detail"]?.stringValue)
            #expect(d["summary"]?.stringValue == "Received but refused: " + (post["detail"]?.stringValue ?? "?"))
            #expect(d["log"]?.arrayValue?.first?["status"] == "failure")
        }
    }

    @Test("a deleted user is not stored but not 'never received': the delete entry is named")
    func deleted() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let id = try await scim.createUser("kim@example.com").id
            #expect(try await scim.request(.delete, "Users/\(id)").status == 204)
            let d = try await scim.admin(.get, "diagnose?user=kim%40example.com", token: token)
            #expect(d["status"] == "notStored" && d["user"] == .null)
            #expect(d["summary"]?.stringValue?.hasPrefix("User 'kim@example.com' was deleted") == true)
            #expect(d["log"]?.arrayValue?.map { $0["operation"] } == ["delete", "create"])
        }
    }

    @Test("a user never received: the checklist names the identity provider's settings and each required attribute")
    func neverReceived() async throws {
        try await TestServer.run(scope: ScopeRules(required: ["name.givenName", "title"])) { scim in
            let token = try await scim.adminToken()
            let d = try await scim.admin(.get, "diagnose?user=ghost%40example.com", token: token)
            #expect(d.status == 200 && d["status"] == "neverReceived")
            #expect(d["log"] == [] && d["rules"] == [] && d["user"] == .null)
            let checklist = d["checklist"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(checklist.contains { $0.contains("assigned to the enterprise application") })
            #expect(checklist.contains { $0.contains("scoping filters") })
            #expect(checklist.contains { $0.contains("quarantine") })
            #expect(checklist.contains { $0.contains("name.givenName") } && checklist.contains { $0.contains("title") })
            #expect(!checklist.contains { $0.contains("familyName") })
        }
    }

    @Test("a group: members counted by failed rule (2 of 5: department), inactive counted; neither or both keys is 400")
    func group() async throws {
        try await TestServer.run(scope: Self.salesOrSupport) { scim in
            let token = try await scim.adminToken()
            var ids: [String] = []
            for (i, department) in ["Sales", "Support", "Engineering", "Sales", "Legal"].enumerated() {
                var body = EntraBodies.user(userName: "m\(i)@example.com", externalId: "m\(i)", department: department)
                if i == 3 { body = Self.setting(body, "active", false) }
                ids.append(try await scim.request(.post, "Users", json: body).id)
            }
            _ = try await scim.createGroup("Everyone", members: ids)
            let d = try await scim.admin(.get, "diagnose?group=everyone", token: token)
            #expect(d.status == 200, "\(d.raw)")
            #expect(d["users"]?.asInt == 5 && d["inScope"]?.asInt == 3 && d["outOfScope"]?.asInt == 2 && d["inactive"]?.asInt == 1)
            let failed = d["failedRules"]?.arrayValue ?? []
            #expect(failed.count == 1)
            #expect(failed.first?["summary"] == "2 of 5 members: department not in [Sales, Support]")
            #expect(failed.first?["count"]?.asInt == 2)
            let rows = d["members"]?.arrayValue ?? []
            #expect(rows.count == 5 && d["truncated"] == false)
            #expect(rows.first { $0["userName"] == "m2@example.com" }?["failed"] == ["department in [Sales, Support]"])

            #expect(try await scim.admin(.get, "diagnose", token: token).status == 400)
            #expect(try await scim.admin(.get, "diagnose?user=a&group=b", token: token).status == 400)
            let missing = try await scim.admin(.get, "diagnose?group=Nobody", token: token)
            #expect(missing.status == 404 && missing.isSCIMError)
        }
    }

    @Test("provision dry run: the report's four steps and the diff old → new; the database is unchanged")
    func dryRun() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let token = try await scim.adminToken()
            let created = try await scim.request(.post, "Users", json: EntraBodies.user(userName: "gus@example.com", externalId: "gus-1"))
            #expect(created.status == 201)
            let before = try await Self.dump(scim.services)

            let changed = EntraBodies.user(userName: "gus@example.com", externalId: "gus-1", department: "Support")
            let report = try await scim.admin(.post, "provision?dryRun=true", json: changed, token: token)
            #expect(report.status == 200, "\(report.raw)")
            #expect(report["dryRun"] == true && report["action"] == "update" && report["resourceId"] == created["id"])
            #expect(report["steps"]?.arrayValue?.compactMap { $0["step"]?.stringValue } == ["import", "scope", "match", "action"])
            #expect(report["steps"]?.arrayValue?.allSatisfy { $0["status"] == "success" } == true)
            #expect(report["matched"] == ["id": created["id"] ?? .null, "by": "externalId"])
            let change = try #require(report["changes"]?.arrayValue?.first)
            #expect(report["changes"]?.arrayValue?.count == 1)
            #expect(change["attribute"] == .string("\(SCIMTestClient.enterpriseSchema):department"))
            #expect(change["old"] == "Sales" && change["new"] == "Support")
            #expect(report["logEntry"] == .null && report["operation"] == .null)

            let refusedCreate = try await scim.admin(
                .post, "provision?dryRun=true", json: Self.removing(EntraBodies.user(userName: "hal@example.com", externalId: "hal-1"), "emails"),
                token: token)
            #expect(refusedCreate.status == 200 && refusedCreate["action"] == "skip")
            let action = refusedCreate["steps"]?.arrayValue?.last
            #expect(action?["status"] == "failure" && action?["detail"]?.stringValue?.contains("Required attribute emails") == true)
            let same = try await scim.admin(
                .post, "provision?dryRun=true", json: EntraBodies.user(userName: "gus@example.com", externalId: "gus-1"), token: token)
            #expect(same["action"] == "skip" && same["steps"]?.arrayValue?.last?["status"] == "skipped")

            #expect(try await Self.dump(scim.services) == before)
        }
    }

    @Test("a local user: diagnose says so; provisioning it on demand would adopt it (source local → scim), and does")
    func localUser() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let body: SCIMValue = ["schemas": [.string(SCIMTestClient.userSchema)], "userName": "lou@example.com", "active": true]
            let created = try await scim.admin(.post, "users", json: body, token: token)
            #expect(created.status == 201, "\(created.raw)")
            #expect(try await scim.admin(.get, "diagnose?user=lou%40example.com", token: token)["user"]?["source"] == "local")

            let dry = try await scim.admin(.post, "provision?dryRun=true", json: body, token: token)
            #expect(dry["action"] == "update" && dry["matched"]?["by"] == "userName", "\(dry.raw)")
            let source = dry["changes"]?.arrayValue?.first { $0["attribute"]?.stringValue?.hasSuffix(":source") == true }
            #expect(source?["old"] == "local" && source?["new"] == "scim")
            #expect(try await scim.admin(.get, "diagnose?user=lou%40example.com", token: token)["user"]?["source"] == "local")

            let real = try await scim.admin(.post, "provision", json: body, token: token)
            #expect(real["action"] == "update" && real["steps"]?.arrayValue?.last?["status"] == "success", "\(real.raw)")
            #expect(try await scim.admin(.get, "diagnose?user=lou%40example.com", token: token)["user"]?["source"] == "scim")
        }
    }

    @Test("provision for real has the effect of the same SCIM POST and PUT (a twin tenant), logged as provision-on-demand")
    func realRunMatchesSCIM() async throws {
        try await TestServer.run(scope: .defaults) { scim in
            let token = try await scim.adminToken()
            let twin = try await scim.token(forNewTenant: "twin")
            let first = EntraBodies.user(userName: "ivy@example.com", externalId: "ivy-1")
            let created = try await scim.request(
                .post, "/admin/v1/provision", json: first, headers: Self.requestID("pod-create-1"), token: token,
                contentType: "application/json")
            #expect(created.status == 200 && created["action"] == "create", "\(created.raw)")
            #expect(created["operation"] == "provision-on-demand" && created["correlationId"] == "pod-create-1")
            let id = try #require(created["resourceId"]?.stringValue)
            let twinCreated = try await scim.request(.post, "Users", json: first, token: twin)
            #expect(twinCreated.status == 201)
            try await Self.expectSame(scim, id: id, twinID: twinCreated.id, twin: twin, operation: "create")

            let second = EntraBodies.user(userName: "ivy@example.com", externalId: "ivy-1", department: "Support")
            let replaced = try await scim.admin(.post, "provision?dryRun=false", json: second, token: token)
            #expect(replaced["action"] == "update" && replaced["resourceId"] == .string(id))
            #expect(try await scim.request(.put, "Users/\(twinCreated.id)", json: second, token: twin).status == 200)
            try await Self.expectSame(scim, id: id, twinID: twinCreated.id, twin: twin, operation: "replace")
            #expect(replaced["changes"]?.arrayValue?.first?["new"] == "Support")

            // A refusal is refused and logged as the SCIM request's would be.
            let refused = try await scim.admin(
                .post, "provision", json: Self.removing(EntraBodies.user(userName: "jo@example.com", externalId: "jo-1"), "emails"), token: token)
            #expect(refused.status == 200 && refused["action"] == "skip" && refused["steps"]?.arrayValue?.last?["status"] == "failure")
            let failure = try #require(try await scim.logEntries(status: .failure).last)
            #expect(failure.operation == "provision-on-demand" && failure.resourceName == "jo@example.com")
            #expect(refused["logEntry"]?.asInt == Int(failure.seq))
        }
    }

    @Test("bad payloads are 400 with one sentence: not JSON, unknown schema, missing userName, a bad dryRun")
    func badPayloads() async throws {
        try await TestServer.run { scim in
            let token = try await scim.adminToken()
            let cases: [(String, String, String)] = [
                ("provision", "{", "not valid JSON"),
                ("provision", "", "payload is empty"),
                ("provision", "[1]", "must be a JSON object"),
                ("provision", #"{"schemas":["urn:example:Widget"],"userName":"x"}"#, "schemas must name exactly one"),
                ("provision", #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}"#, "'userName' is required"),
                ("provision?dryRun=maybe", #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x"}"#, "'dryRun' must be"),
            ]
            for (path, body, detail) in cases {
                let response = try await scim.request(
                    .post, "/admin/v1/\(path)", body: body, token: token, contentType: "application/json")
                #expect(response.status == 400 && response.isSCIMError, "\(body): \(response.raw)")
                #expect(response.json?["detail"]?.stringValue?.contains(detail) == true, "\(body): \(response.raw)")
            }
            #expect(try await scim.logEntries().isEmpty)
        }
    }

    // MARK: Helpers

    /// Compares the two tenants' copies of a user and their newest entries' changes.
    static func expectSame(_ scim: SCIMTestClient, id: String, twinID: String, twin: String, operation: String) async throws {
        let ours = try await scim.request(.get, "Users/\(id)").object
        let theirs = try await scim.request(.get, "Users/\(twinID)", token: twin).object
        #expect(Self.withoutIdentity(ours) == Self.withoutIdentity(theirs))
        let tenants = try await scim.services.tenants.tenants()
        var changes: [String: SCIMValue?] = [:]
        for tenant in tenants {
            let entries = try await scim.services.syncLog.entries(
                SyncLogQuery(tenantID: tenant.id, resourceType: "User", limit: 20))
            let write = entries.first { $0.operation == operation || $0.operation == "provision-on-demand" }
            if tenant.name == "twin" { #expect(write?.operation == operation) } else { #expect(write?.operation == "provision-on-demand") }
            changes[tenant.name] = write?.changes
        }
        let twinChanges = changes["twin"] ?? nil
        #expect(twinChanges != nil && twinChanges == (changes[TenantService.defaultTenantName] ?? nil))
    }

    static func requestID(_ id: String) -> HTTPFields {
        var fields = HTTPFields()
        if let name = HTTPField.Name("X-Request-ID") { fields[name] = id }
        return fields
    }

    static func withoutIdentity(_ object: SCIMObject) -> SCIMObject {
        var copy = object
        _ = copy.removeValue(forKey: "id")
        _ = copy.removeValue(forKey: "meta")
        return copy
    }

    static func setting(_ value: SCIMValue, _ key: String, _ new: SCIMValue) -> SCIMValue {
        var object = value.objectValue ?? SCIMObject()
        object[key] = new
        return .object(object)
    }

    static func removing(_ value: SCIMValue, _ key: String) -> SCIMValue {
        var object = value.objectValue ?? SCIMObject()
        _ = object.removeValue(forKey: key)
        return .object(object)
    }

    /// Every row of the database but the tokens (an admin request notes its token's last use),
    /// read by the sqlite3 CLI from the live file and its write-ahead log.
    static func dump(_ services: ProvisioningServices) async throws -> String {
        let text = try await DatabaseDump.text(of: try databasePath(services))
        return text.split(separator: "\n").filter { !$0.hasPrefix("INSERT INTO tokens ") }.joined(separator: "\n")
    }

    static func databasePath(_ services: ProvisioningServices) throws -> String {
        guard let path = (services.store as? SQLiteStore)?.path else { throw DatabaseDump.Failure(message: "not a SQLite store") }
        return path
    }
}
