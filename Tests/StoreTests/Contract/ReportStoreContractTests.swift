import SCIM
import Store
import Testing

@Suite("Store contract: ReportStore")
struct ReportStoreContractTests {
    /// An entry of tenant `t` at `time` with the given changes and details.
    private static func entry(
        _ t: Int64, _ time: Int64, _ operation: String, _ status: SyncStatus = .success, type: String? = "User", id: String = "u1",
        client: String? = "idp", errorCode: String? = nil, message: String? = nil, changes: SCIMValue? = nil, details: SCIMValue? = nil
    ) -> SyncLogEntry {
        SyncLogEntry(
            tenantID: t, timeMs: time, client: client, operation: operation, resourceType: type, resourceID: id, status: status,
            errorCode: errorCode, message: message ?? "\(operation) \(id)", changes: changes, details: details)
    }

    private static func active(_ old: SCIMValue, _ new: SCIMValue) -> SCIMValue {
        [["attribute": "active", "old": old, "new": new]]
    }

    @Test("write counts group by type, operation, details.write and status inside [since, until) of one tenant", arguments: StoreFactory.all)
    func writeCounts(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (a, b) = try await store.write { tx async throws in
                let a = try await tx.createTenant(name: "a", nowMs: 1).id
                let b = try await tx.createTenant(name: "b", nowMs: 1).id
                try await tx.appendLog(Self.entry(a, 99, "create"))  // before the period
                try await tx.appendLog(Self.entry(a, 100, "create"))  // first millisecond: inside
                try await tx.appendLog(Self.entry(a, 150, "create"))
                try await tx.appendLog(Self.entry(a, 160, "provision-on-demand", details: ["write": "create"]))
                try await tx.appendLog(Self.entry(a, 170, "patch", .failure, errorCode: "invalidValue"))
                try await tx.appendLog(Self.entry(a, 180, "delete", type: "Group", id: "g1"))
                try await tx.appendLog(Self.entry(a, 200, "create"))  // until: excluded
                try await tx.appendLog(Self.entry(b, 150, "create"))  // another tenant
                return (a, b)
            }
            let rows = try await store.read { try await $0.reportWriteCounts(ReportPeriod(tenantID: a, sinceMs: 100, untilMs: 200)) }
            #expect(
                Set(rows) == [
                    ReportWriteCount(resourceType: "User", operation: "create", write: nil, status: .success, count: 2),
                    ReportWriteCount(resourceType: "User", operation: "provision-on-demand", write: "create", status: .success, count: 1),
                    ReportWriteCount(resourceType: "User", operation: "patch", write: nil, status: .failure, count: 1),
                    ReportWriteCount(resourceType: "Group", operation: "delete", write: nil, status: .success, count: 1),
                ])
            #expect(rows.count == 4)
            let other = try await store.read { try await $0.reportWriteCounts(ReportPeriod(tenantID: b, sinceMs: 0, untilMs: 1_000)) }
            #expect(other.map(\.count) == [1])
        }
    }

    @Test("active changes: off and back on through PATCH, PUT and local ops; creates and failures do not count", arguments: StoreFactory.all)
    func activeChanges(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                try await tx.appendLog(Self.entry(t, 10, "patch", changes: Self.active(true, false)))
                try await tx.appendLog(Self.entry(t, 11, "replace", changes: [["attribute": "displayName", "old": "A", "new": "B"], ["attribute": "Active", "old": false, "new": true]]))
                try await tx.appendLog(Self.entry(t, 12, "local-deactivate", changes: Self.active(true, false), details: ["write": "patch"]))
                try await tx.appendLog(Self.entry(t, 13, "patch", changes: Self.active(.null, "False")))  // text spelling, old absent
                try await tx.appendLog(Self.entry(t, 14, "local-activate", changes: Self.active("false", true), details: ["write": "patch"]))
                // Not deactivations or reactivations:
                try await tx.appendLog(Self.entry(t, 15, "create", changes: Self.active(.null, false)))
                try await tx.appendLog(Self.entry(t, 16, "local-create", changes: Self.active(.null, false)))
                try await tx.appendLog(Self.entry(t, 17, "provision-on-demand", changes: Self.active(.null, false), details: ["write": "create"]))
                try await tx.appendLog(Self.entry(t, 18, "patch", .failure, changes: Self.active(true, false)))
                try await tx.appendLog(Self.entry(t, 19, "patch", changes: Self.active(false, false)))
                try await tx.appendLog(Self.entry(t, 20, "patch", changes: [["attribute": "title", "old": "x", "new": false]]))
                try await tx.appendLog(Self.entry(t, 21, "patch", type: "Group", changes: Self.active(true, false)))
                try await tx.appendLog(Self.entry(t, 22, "patch"))
                return t
            }
            let counts = try await store.read { try await $0.reportActiveChanges(ReportPeriod(tenantID: t, sinceMs: 0, untilMs: 100)) }
            #expect(counts == ReportActiveCounts(deactivated: 3, reactivated: 2))
            let later = try await store.read { try await $0.reportActiveChanges(ReportPeriod(tenantID: t, sinceMs: 12, untilMs: 14)) }
            #expect(later == ReportActiveCounts(deactivated: 2, reactivated: 0))
        }
    }

    @Test("assignment changes sum roles added and removed and organization moves of successful mapping entries", arguments: StoreFactory.all)
    func assignmentChanges(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                try await tx.appendLog(Self.entry(t, 10, "mapping", id: "u1", changes: [["attribute": "roles", "added": ["A", "B"]]]))
                try await tx.appendLog(
                    Self.entry(
                        t, 11, "mapping", id: "u2",
                        changes: [["attribute": "roles", "added": ["A"], "removed": ["C"]], ["attribute": "organization", "old": .null, "new": "Field"]]))
                try await tx.appendLog(Self.entry(t, 12, "mapping", id: "u1", changes: [["attribute": "organization", "old": "Field", "new": "HQ"]]))
                // Leaving an organization is no move; suspension alone is no change of roles; failures do not count.
                try await tx.appendLog(Self.entry(t, 13, "mapping", id: "u3", changes: [["attribute": "organization", "old": "HQ", "new": .null]]))
                try await tx.appendLog(Self.entry(t, 14, "mapping", id: "u4", changes: [["attribute": "suspended", "old": false, "new": true]]))
                try await tx.appendLog(Self.entry(t, 15, "mapping", .failure, id: "u5", errorCode: "role_missing"))
                try await tx.appendLog(Self.entry(t, 16, "patch", id: "u6", changes: [["attribute": "roles", "added": ["X"]]]))
                return t
            }
            let counts = try await store.read { try await $0.reportAssignmentChanges(ReportPeriod(tenantID: t, sinceMs: 0, untilMs: 100)) }
            #expect(counts == ReportAssignmentCounts(rolesAssigned: 3, rolesRemoved: 1, organizationMoves: 2, users: 2))
            let empty = try await store.read { try await $0.reportAssignmentChanges(ReportPeriod(tenantID: t, sinceMs: 100, untilMs: 200)) }
            #expect(empty == ReportAssignmentCounts(rolesAssigned: 0, rolesRemoved: 0, organizationMoves: 0, users: 0))
        }
    }

    @Test("out of scope: entries, distinct users, and per failed rule, most users first", arguments: StoreFactory.all)
    func outOfScope(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                func skipped(_ time: Int64, _ id: String, _ rules: [String]) -> SyncLogEntry {
                    Self.entry(
                        t, time, "mapping", .skipped, id: id, errorCode: "outOfScope",
                        details: ["failed": .array(rules.map { ["rule": .string($0), "values": []] })])
                }
                try await tx.appendLog(skipped(10, "u1", ["email"]))
                try await tx.appendLog(skipped(11, "u1", ["email"]))
                try await tx.appendLog(skipped(12, "u2", ["email", "department"]))
                try await tx.appendLog(skipped(13, "u3", ["department"]))
                try await tx.appendLog(skipped(14, "u4", ["name"]))
                try await tx.appendLog(Self.entry(t, 15, "mapping", .skipped, id: "u5", errorCode: "other"))
                return t
            }
            let scope = try await store.read { try await $0.reportOutOfScope(ReportPeriod(tenantID: t, sinceMs: 0, untilMs: 100)) }
            #expect(scope.entries == 5 && scope.users == 4)
            #expect(
                scope.rules == [
                    // Two users each: the rule named by more entries first.
                    ReportRuleCount(rule: "email", entries: 3, users: 2), ReportRuleCount(rule: "department", entries: 2, users: 2),
                    ReportRuleCount(rule: "name", entries: 1, users: 1),
                ])
        }
    }

    @Test("refusals group by error code with the newest message; clients count requests and failures", arguments: StoreFactory.all)
    func refusalsAndClients(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                try await tx.appendLog(Self.entry(t, 10, "create", .failure, client: "entra", errorCode: "uniqueness", message: "first"))
                try await tx.appendLog(Self.entry(t, 11, "create", .failure, client: "entra", errorCode: "uniqueness", message: "newest"))
                try await tx.appendLog(Self.entry(t, 12, "patch", .failure, client: "okta", errorCode: "invalidValue", message: "bad"))
                try await tx.appendLog(Self.entry(t, 13, "mapping", .failure, client: "entra", errorCode: "role_missing", message: "role"))
                try await tx.appendLog(Self.entry(t, 14, "create", client: "entra"))
                try await tx.appendLog(Self.entry(t, 15, "mapping", client: "entra"))
                try await tx.appendLog(Self.entry(t, 16, "local-update", client: "scimctl"))
                return t
            }
            let period = ReportPeriod(tenantID: t, sinceMs: 0, untilMs: 100)
            let refusals = try await store.read { try await $0.reportRefusals(period) }
            #expect(
                refusals == [
                    ReportRefusalCount(errorCode: "uniqueness", count: 2, example: "newest"),
                    ReportRefusalCount(errorCode: "invalidValue", count: 1, example: "bad"),
                ])
            let clients = try await store.read { try await $0.reportClients(period, limit: 10) }
            #expect(
                clients == [
                    ReportClientCount(client: "entra", requests: 3, failures: 2), ReportClientCount(client: "okta", requests: 1, failures: 1),
                    ReportClientCount(client: "scimctl", requests: 1, failures: 0),
                ])
            #expect(try await store.read { try await $0.reportClients(period, limit: 1) }.map(\.client) == ["entra"])
        }
    }

    @Test("open mapping errors group by kind, group, target and reason, with the users they touch", arguments: StoreFactory.all)
    func openMappingErrors(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (t, other) = try await store.write { tx async throws in
                let t = try await tx.createTenant(name: "t", nowMs: 1).id
                let other = try await tx.createTenant(name: "o", nowMs: 1).id
                let users = [
                    try await tx.insertUser(tenant: t, "ada"), try await tx.insertUser(tenant: t, "bob"),
                    try await tx.insertUser(tenant: t, "cy"),
                ]
                let stranger = try await tx.insertUser(tenant: other, "zed")
                func error(_ user: Int64, _ kind: MappingKind, _ target: String, created: Int64) -> MappingErrorRecord {
                    MappingErrorRecord(
                        userSeq: user, kind: kind, groupKey: "staff", groupName: "Staff", targetKey: target.lowercased(), targetName: target,
                        mappingID: 7, reason: kind == .role ? "role_missing" : "organization_missing", logSeq: 1, createdMs: created)
                }
                for (i, user) in users.enumerated() {
                    try await tx.insertMappingError(error(user.seq, .role, "Ghost", created: 50 - Int64(i)), tenantID: t)
                }
                try await tx.insertMappingError(error(users[0].seq, .organization, "Nowhere", created: 60), tenantID: t)
                try await tx.insertMappingError(error(stranger.seq, .role, "Ghost", created: 1), tenantID: other)
                return (t, other)
            }
            let groups = try await store.read { try await $0.reportOpenMappingErrors(tenantID: t) }
            #expect(
                groups == [
                    ReportMappingErrorGroup(
                        kind: .role, groupName: "Staff", targetName: "Ghost", reason: "role_missing", mappingID: 7, users: 3, oldestMs: 48,
                        exampleUser: "ada"),
                    ReportMappingErrorGroup(
                        kind: .organization, groupName: "Staff", targetName: "Nowhere", reason: "organization_missing", mappingID: 7,
                        users: 1, oldestMs: 60, exampleUser: "ada"),
                ])
            #expect(try await store.read { try await $0.reportOpenMappingErrors(tenantID: other) }.map(\.users) == [1])
        }
    }
}
