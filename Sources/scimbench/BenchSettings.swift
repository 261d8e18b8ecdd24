/// The run's sizes and limits, fixed before the first request.
struct BenchSettings: Sendable {
    var users: Int
    var concurrency: Int
    var requests: Int
    var listRequests: Int
    var pageSize: Int
    var groups: Int
    var groupMembers: Int
    var batch: Int
    var singleAdds: Int
    var smallGroup: Int
    var maxSeconds: Double
    var prefix: String
    var label: String?
    var keep: Bool
    /// The server's process ids on this machine (one per instance), to report their CPU time
    /// per request and peak RSS.
    var serverPIDs: [String]
    /// A PostgreSQL postmaster on this machine, to report the database's CPU time per request.
    var databasePID: String?
    /// Users per `/Bulk` request in create-users; 0 creates them one POST each.
    var bulkSize: Int = 0
    var bulkConcurrency: Int = 2
    /// Pages timed at each end of a cursor walk over all users; 0 skips the walk.
    var cursorPages: Int = 0
}
