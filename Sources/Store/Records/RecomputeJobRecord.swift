/// A persisted recomputation of assignments that was too large for one transaction: an
/// administrative change (a role deleted while 80,000 users hold it) is committed at once, and
/// the users it reaches are recomputed in bounded chunks, each its own short write, so identity
/// provider writes interleave with it. The job survives a restart: whichever process runs it
/// next continues after `afterSeq`.
public struct RecomputeJobRecord: Sendable, Hashable {
    public var id: Int64
    public var tenantID: Int64
    /// What started it, as the sync log shows it ("Deleted role 'Admin'").
    public var reason: String
    /// The users to recompute: members of groups named by these refs (displayName or externalId)…
    public var groupRefs: [String]
    /// …and users with an open mapping error of this kind about this folded target name.
    public var errorKind: MappingKind?
    public var errorTargetKey: String?
    /// …or every user of the tenant (a change of its scope rules).
    public var allUsers: Bool
    /// Users up to this row number are done; chunks go on in `seq` order.
    public var afterSeq: Int64
    /// Users recomputed so far.
    public var done: Int
    /// Who asked, carried into every entry the job writes.
    public var correlationID: String
    public var client: String
    public var sourceAddress: String?
    public var createdMs: Int64
    public var finishedMs: Int64?

    public init(
        id: Int64 = 0, tenantID: Int64, reason: String, groupRefs: [String], errorKind: MappingKind?, errorTargetKey: String?,
        allUsers: Bool = false, afterSeq: Int64, done: Int, correlationID: String, client: String, sourceAddress: String?, createdMs: Int64,
        finishedMs: Int64? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.reason = reason
        self.groupRefs = groupRefs
        self.errorKind = errorKind
        self.errorTargetKey = errorTargetKey
        self.allUsers = allUsers
        self.afterSeq = afterSeq
        self.done = done
        self.correlationID = correlationID
        self.client = client
        self.sourceAddress = sourceAddress
        self.createdMs = createdMs
        self.finishedMs = finishedMs
    }
}
