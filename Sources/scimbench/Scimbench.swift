import ArgumentParser
import Foundation

/// `scimbench`: drives any SCIM 2.0 server through fixed-size phases and reports throughput,
/// latency percentiles and errors per phase. Everything it creates carries a run prefix and is
/// deleted at the end.
struct Scimbench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scimbench",
        abstract: "Load benchmark for a SCIM 2.0 server.",
        discussion: """
            Phases, in order: create-users, filter-userName, get-by-id, patch-user (Entra dialect), create-groups,
            add-members and remove-members (batched PATCH), list-page1 and list-deep (startIndex/count), the
            group scale phases (one-member adds to a 10-member group and to a group of nearly all users),
            then delete-groups and delete-users. Each response is verified; a wrong answer counts as an error.
            The exit status is 1 when any phase had errors.
            """)

    @Option(
        help: ArgumentHelp(
            "SCIM base URL, e.g. http://127.0.0.1:8080/scim/v2.",
            discussion: "Repeat it for several instances of one deployment: requests go to them in turn."))
    var base: [String]

    @Option(help: "Bearer token.")
    var token: String

    @Option(help: "Users to create (the population the lookups run against).")
    var users = 1000

    @Option(help: "Concurrent requests, and the size of the keep-alive connection pool.")
    var concurrency = 16

    @Option(help: "Requests in each lookup phase (filter-userName, get-by-id) and in patch-user (at most --users).")
    var requests = 10_000

    @Option(help: "Requests in each list phase (page 1, deep page).")
    var listRequests = 1000

    @Option(help: "Resources per list page (count=).")
    var pageSize = 100

    @Option(help: "Groups created by create-groups.")
    var groups = 10

    @Option(help: "Members added to (and removed from) each of those groups, at most --users.")
    var groupMembers = 1000

    @Option(help: "Members per PATCH add/remove operation.")
    var batch = 50

    @Option(help: "One-member adds timed against the small and the large group; 0 skips the group scale phases.")
    var singleAdds = 100

    @Option(help: "Members of the small group in the group scale phases.")
    var smallGroup = 10

    @Option(help: "Create the users through /Bulk with this many POST operations per request (0: one POST each).")
    var bulkSize = 0

    @Option(help: "/Bulk requests at once when --bulk-size is set.")
    var bulkConcurrency = 2

    @Option(help: "Walk all users by cursor (RFC 9865) and time the first and the last this many pages; 0 skips it.")
    var cursorPages = 0

    @Option(help: "Stop a phase after this many seconds (it is reported as truncated).")
    var maxSeconds = 300.0

    @Option(help: "Prefix of every userName and displayName this run creates. Default: scimbench-<random>.")
    var prefix: String?

    @Option(help: "A label (e.g. the user count) copied into each JSON line as \"scale\".")
    var label: String?

    @Option(
        help: ArgumentHelp(
            "Process id of the server when it runs on this machine: adds its CPU time per request (Linux /proc).",
            discussion: "Repeat it with several --base: the CPU is the sum, the peak RSS the largest."))
    var serverPID: [Int] = []

    @Option(help: "Process id of a PostgreSQL postmaster on this machine: adds its and its backends' CPU time per request.")
    var databasePID: Int?

    @Flag(help: "Also print one JSON object per phase (lines starting with '{').")
    var json = false

    @Flag(help: "Leave what the run created on the server.")
    var keep = false

    /// Parses the command line, runs, and exits with ArgumentParser's codes (0, 1, 64 for usage).
    static func start() async {
        do {
            var command = try parse()
            try await command.run()
        } catch {
            exit(withError: error)
        }
    }

    func validate() throws {
        if base.isEmpty { throw ValidationError("--base is required: the SCIM base URL, e.g. http://127.0.0.1:8080/scim/v2.") }
        for base in base {
            guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("--base must be an http(s) URL such as http://127.0.0.1:8080/scim/v2; '\(base)' is not.")
            }
        }
        if users < 1 { throw ValidationError("--users must be at least 1.") }
        if concurrency < 1 || concurrency > 1024 { throw ValidationError("--concurrency must be between 1 and 1024.") }
        if requests < 1 || listRequests < 0 { throw ValidationError("--requests must be positive, --list-requests not negative.") }
        if pageSize < 1 { throw ValidationError("--page-size must be at least 1.") }
        if batch < 1 { throw ValidationError("--batch must be at least 1.") }
        if groups < 0 || groupMembers < 0 || singleAdds < 0 || smallGroup < 0 {
            throw ValidationError("--groups, --group-members, --single-adds and --small-group must not be negative.")
        }
        if maxSeconds <= 0 { throw ValidationError("--max-seconds must be positive.") }
        if cursorPages < 0 { throw ValidationError("--cursor-pages must not be negative.") }
        if bulkSize < 0 || bulkConcurrency < 1 { throw ValidationError("--bulk-size must not be negative, --bulk-concurrency at least 1.") }
    }

    func run() async throws {
        let settings = BenchSettings(
            users: users, concurrency: concurrency, requests: requests, listRequests: listRequests, pageSize: pageSize,
            groups: groups, groupMembers: min(groupMembers, users), batch: batch, singleAdds: singleAdds,
            smallGroup: smallGroup, maxSeconds: maxSeconds,
            prefix: prefix ?? "scimbench-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))",
            label: label, keep: keep, serverPIDs: serverPID.map(String.init), databasePID: databasePID.map(String.init), bulkSize: bulkSize, bulkConcurrency: bulkConcurrency,
            cursorPages: cursorPages)
        let client = SCIMClient(bases: base, token: token, connections: concurrency)
        let reporter = Reporter(json: json, label: label, concurrency: concurrency)
        let results: [PhaseResult]
        do {
            results = try await BenchRun(client: client, settings: settings, reporter: reporter).run()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        reporter.printTable(results)
        if results.contains(where: { $0.errors > 0 }) { throw ExitCode(1) }
    }
}
