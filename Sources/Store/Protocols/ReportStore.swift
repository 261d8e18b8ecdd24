/// Aggregates of one tenant's sync log over a period, for the sync report (requirements §8).
///
/// Every method answers with a handful of grouped rows computed by the store, never the entries
/// themselves: a busy day holds 100,000 entries.
///
/// Contract: the period is half-open, `sinceMs <= time < untilMs`, and only the period's tenant
/// is counted. `reportWriteCounts` groups entries by resource type, operation, `details.write`
/// and status. `reportActiveChanges` counts successful User entries other than creates whose
/// `changes` turn `active` from not-false to false (deactivated) or from false to true
/// (reactivated); a boolean or its text spelling counts. `reportAssignmentChanges` sums the
/// successful entries of operation `mapping`: role additions and removals and counts their organization
/// changes to a non-null organization. `reportOutOfScope` counts `skipped` entries with error
/// code `outOfScope`, the distinct users among them, and per failed rule (`details.failed[].rule`)
/// the entries and distinct users, most users first, then most entries. `reportRefusals` groups `failure` entries
/// other than `mapping` by error code (most first) with the message of the newest one.
/// `reportClients` counts entries other than `mapping` and the failures among them per client,
/// most first, at most `limit`.
/// `reportOpenMappingErrors` groups the tenant's open mapping errors (the present state, not the
/// period) by kind, folded group, folded target and reason, with how many users each touches,
/// most users first.
public protocol ReportStore {
    func reportWriteCounts(_ period: ReportPeriod) async throws -> [ReportWriteCount]
    func reportActiveChanges(_ period: ReportPeriod) async throws -> ReportActiveCounts
    func reportAssignmentChanges(_ period: ReportPeriod) async throws -> ReportAssignmentCounts
    func reportOutOfScope(_ period: ReportPeriod) async throws -> ReportOutOfScope
    func reportRefusals(_ period: ReportPeriod) async throws -> [ReportRefusalCount]
    func reportClients(_ period: ReportPeriod, limit: Int) async throws -> [ReportClientCount]
    func reportOpenMappingErrors(tenantID: Int64) async throws -> [ReportMappingErrorGroup]
}
