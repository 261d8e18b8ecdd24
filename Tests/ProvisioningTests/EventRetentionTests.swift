import Foundation
import Logging
import Provisioning
import SCIM
import Store
import Testing

/// Events are pruned with the sync log's retention (requirements §8); what pruning must not
/// lose is the memory of who was provisioned, nor the cursor's order.
@Suite("Event retention")
struct EventRetentionTests {
    @Test("pruning deletes events past the retention in batches; a user stays provisioned and cursors keep rising")
    func pruneKeepsProvisionedAndCursors() async throws {
        try await ServiceFixture.run { f in
            let ann = try await f.user("ann@example.com")
            let before = try await f.services.events.events(tenantID: f.info.tenant.id, after: 0, limit: 100, types: [])
            #expect(before.map(\.type) == ["user.created", "user.provisioned"])
            // Nothing is old yet.
            #expect(try await f.services.events.prune(retentionDays: 90) == 0)

            // The same database 91 days later.
            let later = try ProvisioningServices.openSQLite(
                databasePath: f.databasePath, schemaDirectory: ServiceFixture.schemaDirectory,
                clock: ProvisioningClock { ProvisioningClock.system.nowMs() + 91 * 86_400_000 },
                logger: Logger(label: "scimd-test"))
            #expect(try await later.events.prune(retentionDays: 90, batchSize: 1) == 2)
            #expect(try await later.events.events(tenantID: f.info.tenant.id, after: 0, limit: 100, types: []).isEmpty)

            let patch: SCIMValue = [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [["op": "replace", "path": "displayName", "value": "Ann"]],
            ]
            _ = try await later.resources.patch(.user, id: ann, request: patch, preconditions: Preconditions(), info: f.info)
            let after = try await later.events.events(tenantID: f.info.tenant.id, after: 0, limit: 100, types: [])
            #expect(after.map(\.type) == ["user.updated"])
            #expect(after.allSatisfy { $0.seq > (before.last?.seq ?? 0) })
        }
    }
}
