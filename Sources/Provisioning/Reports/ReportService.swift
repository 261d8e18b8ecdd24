import SCIM
import Store

/// Builds the sync report of a tenant and a period (requirements §8). A scheduler (the later
/// email and webhook sender) calls `report(tenant:sinceMs:untilMs:)`; scimctl and the admin API
/// reach it through `ShowReport`.
///
/// Everything is counted by the store (`ReportStore`) in one read transaction, so the numbers
/// agree with each other and a day of 100,000 entries is never loaded.
public final class ReportService: Sendable {
    /// How many clients the report lists.
    public static let clientLimit = 5
    let store: any ProvisioningStore
    let clock: ProvisioningClock

    init(store: any ProvisioningStore, clock: ProvisioningClock) {
        self.store = store
        self.clock = clock
    }

    /// The report of `tenant` for `[sinceMs, untilMs)`.
    public func report(tenant: TenantRecord, sinceMs: Int64, untilMs: Int64) async throws -> SyncReport {
        let period = ReportPeriod(tenantID: tenant.id, sinceMs: sinceMs, untilMs: untilMs)
        let (writes, active, assignments, scope, refusals, clients, errors) = try await store.read { tx in
            (
                try await tx.reportWriteCounts(period), try await tx.reportActiveChanges(period),
                try await tx.reportAssignmentChanges(period), try await tx.reportOutOfScope(period),
                try await tx.reportRefusals(period), try await tx.reportClients(period, limit: Self.clientLimit),
                try await tx.reportOpenMappingErrors(tenantID: tenant.id)
            )
        }
        var users = SyncReport.ResourceCounts()
        var groups = SyncReport.ResourceCounts()
        var scimWrites = 0
        var scimFailures = 0
        for row in writes {
            if Self.scimWrites.contains(row.operation), row.status != .skipped {
                scimWrites += row.count
                if row.status == .failure { scimFailures += row.count }
            }
            guard row.status == .success else { continue }
            let effect = SyncLogCounts.effect(operation: row.operation, write: row.write)
            switch row.resourceType {
            case ResourceKind.user.rawValue?: Self.add(effect, row.count, to: &users)
            case ResourceKind.group.rawValue?: Self.add(effect, row.count, to: &groups)
            default: break
            }
        }
        users.deactivated = active.deactivated
        users.reactivated = active.reactivated
        return SyncReport(
            tenant: tenant.name, since: AdminTime.text(sinceMs), until: AdminTime.text(untilMs), generated: AdminTime.text(clock.nowMs()),
            entries: writes.reduce(0) { $0 + $1.count }, users: users, groups: groups,
            assignments: .init(
                rolesAssigned: assignments.rolesAssigned, rolesRemoved: assignments.rolesRemoved,
                organizationMoves: assignments.organizationMoves, users: assignments.users),
            outOfScope: .init(
                entries: scope.entries, users: scope.users,
                rules: scope.rules.map { .init(rule: $0.rule, entries: $0.entries, users: $0.users) }),
            refusals: .init(
                total: refusals.reduce(0) { $0 + $1.count },
                causes: refusals.map { .init(errorCode: $0.errorCode, count: $0.count, example: $0.example) }),
            openMappingErrors: errors.map(Self.openError),
            failureRate: FailureRate(scimWrites: scimWrites, failures: scimFailures),
            clients: clients.map { .init(client: $0.client, requests: $0.requests, failures: $0.failures) })
    }

    /// The operations an identity provider's SCIM write is logged under (RFC 7644 §3.3–§3.7).
    static let scimWrites: Set<String> = Set(
        [SyncOperation.create, .replace, .patch, .delete, .bulk].map(\.rawValue))

    private static func add(_ effect: SyncLogCounts.Effect?, _ count: Int, to counts: inout SyncReport.ResourceCounts) {
        switch effect {
        case .created?: counts.created += count
        case .updated?: counts.updated += count
        case .deleted?: counts.deleted += count
        case nil: break
        }
    }

    private static func openError(_ group: ReportMappingErrorGroup) -> SyncReport.OpenMappingError {
        let remedy = MappingErrorMessages.Reason(rawValue: group.reason).map {
            MappingErrorMessages.remedy($0, group: group.groupName, target: group.targetName, mappingID: group.mappingID)
        }
        return SyncReport.OpenMappingError(
            kind: group.kind, group: group.groupName, target: group.targetName, reason: group.reason, mapping: group.mappingID,
            users: group.users, exampleUser: group.exampleUser, since: AdminTime.text(group.oldestMs),
            remedy: remedy ?? "See the open errors (GET /admin/v1/errors) and scimctl diagnose --user NAME.")
    }
}
