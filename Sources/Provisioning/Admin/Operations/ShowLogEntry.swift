import Store

/// One sync-log entry of the caller's tenant by its sequence number: the console's detail view
/// (changes old → new, error, remedy, correlation id). Another tenant's entry is not found.
public struct ShowLogEntry: AdminOperation {
    public var sequence: Int64

    public init(sequence: Int64) { self.sequence = sequence }

    public func perform(_ context: AdminContext) async throws -> LogEntrySummary {
        let tenant = try context.requireTenant()
        let notFound = AdminError(.notFound, "No sync-log entry \(sequence) in tenant '\(tenant.name)'.")
        guard sequence > 0 else { throw notFound }
        // The first entry of the tenant after sequence - 1, read oldest first: this one, if it is the tenant's.
        let query = SyncLogQuery(tenantID: tenant.id, afterSeq: sequence - 1, limit: 1)
        guard let entry = try await context.services.syncLog.entries(query).first, entry.seq == sequence else { throw notFound }
        return LogEntrySummary(entry)
    }
}
