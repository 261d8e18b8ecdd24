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
    /// The server's process id on this machine, to report its CPU time per request.
    var serverPID: String?
}
