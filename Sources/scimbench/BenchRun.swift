import Synchronization

/// A user the run created: its position (which fixes its userName) and the server's id.
struct CreatedUser: Sendable {
    let index: Int
    let id: String
}

/// Ids of what the run created, filled in by concurrent creates and read by later phases.
final class CreatedIDs: Sendable {
    private let slots: Mutex<[String?]>
    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
    func set(_ index: Int, _ id: String) { slots.withLock { $0[index] = id } }
    var users: [CreatedUser] {
        slots.withLock { $0.enumerated().compactMap { index, id in id.map { CreatedUser(index: index, id: $0) } } }
    }
}

/// The phase sequence of one run. Cleanup runs even when earlier phases failed.
struct BenchRun {
    let client: SCIMClient
    let settings: BenchSettings
    let reporter: Reporter

    /// Collects results in order and reports each as it finishes.
    final class Results {
        var list: [PhaseResult] = []
        let reporter: Reporter
        let serverPIDs: [String]
        init(reporter: Reporter, serverPIDs: [String]) {
            self.reporter = reporter
            self.serverPIDs = serverPIDs
        }
        /// Reports a finished phase (and its checks), with the server's peak RSS at that point
        /// (the largest instance's, when there are several).
        func add(_ phase: PhaseResult) {
            var result = phase
            result.serverPeakKB = serverPIDs.compactMap { ProcessMemory.peakKB($0) }.max()
            reporter.phaseFinished(result)
            list.append(result)
        }
    }

    func run() async throws -> [PhaseResult] {
        let results = Results(reporter: reporter, serverPIDs: settings.serverPIDs)
        let created = await createUsers(results)
        let users = created.map(\.id)
        var groups: [String] = []
        if !users.isEmpty {
            await lookups(created, results)
            groups = await membership(users, results)
            await listPages(results)
            await cursorWalk(results)
            groups += await groupScale(users, results)
        }
        if !settings.keep {
            await delete("delete-groups", endpoint: "Groups", ids: groups, results)
            await delete("delete-users", endpoint: "Users", ids: users, results)
        }
        return results.list
    }

    /// Runs one phase with the run's concurrency and time guard.
    func phase(
        _ name: String, count: Int, concurrency: Int? = nil, _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async -> PhaseResult {
        let server = CPUTime.seconds(of: settings.serverPIDs)
        let database = settings.databasePID.flatMap { CPUTime.secondsWithChildren($0) }
        let client = CPUTime.seconds("self")
        var result = await PhaseRunner.run(
            name, count: count, concurrency: concurrency ?? settings.concurrency, maxSeconds: settings.maxSeconds, operation)
        if let server, let now = CPUTime.seconds(of: settings.serverPIDs) { result.serverCPU = now - server }
        if let database, let now = settings.databasePID.flatMap({ CPUTime.secondsWithChildren($0) }) {
            result.databaseCPU = database.change(to: now)
        }
        if let client, let now = CPUTime.seconds("self") { result.clientCPU = now - client }
        return result
    }

    // MARK: Users

    func createUsers(_ results: Results) async -> [CreatedUser] {
        let ids = CreatedIDs(count: settings.users)
        let client = client
        let prefix = settings.prefix
        if settings.bulkSize > 0 { return await bulkCreateUsers(ids, results) }
        results.add(
            await phase("create-users", count: settings.users) { index in
                let answer = try await client.send(.POST, "/Users", body: Payloads.user(prefix: prefix, index))
                try Checks.status(answer, [201], "POST /Users")
                let id = try Checks.present(answer.body?.id, "id", "POST /Users")
                try Checks.equal(
                    try Checks.present(answer.body?.userName, "userName", "POST /Users").lowercased(),
                    Payloads.userName(prefix: prefix, index).lowercased(), "POST /Users userName")
                ids.set(index, id)
            })
        return ids.users
    }

    /// create-users through `/Bulk`, `bulkSize` POSTs per request, `bulkConcurrency` requests at once.
    func bulkCreateUsers(_ ids: CreatedIDs, _ results: Results) async -> [CreatedUser] {
        let client = client
        let prefix = settings.prefix
        let (users, size) = (settings.users, settings.bulkSize)
        let requests = (users + size - 1) / size
        var result = await phase("bulk-create-users", count: requests, concurrency: settings.bulkConcurrency) { k in
            let range = (k * size)..<min(users, (k + 1) * size)
            let answer = try await client.send(.POST, "/Bulk", body: Payloads.bulkCreate(prefix: prefix, range))
            try Checks.status(answer, [200], "POST /Bulk")
            let operations = answer.body?.operations ?? []
            try Checks.equal(operations.count, range.count, "Bulk Operations count")
            for (index, operation) in zip(range, operations) {
                try Checks.equal(operation.status ?? "", "201", "Bulk status of u\(index)")
                try Checks.equal(operation.bulkId ?? "", "u\(index)", "Bulk bulkId")
                let location = try Checks.present(operation.location, "location", "Bulk POST")
                ids.set(index, String(location.split(separator: "/").last ?? ""))
            }
        }
        let usersPerSecond = result.seconds > 0 ? Double(users) / result.seconds : 0
        result.note = "\(users) users, \(size) per request, \(settings.bulkConcurrency) at once: \(Int(usersPerSecond)) users/s"
        results.add(result)
        return ids.users
    }

    func lookups(_ created: [CreatedUser], _ results: Results) async {
        let client = client
        let prefix = settings.prefix
        let users = created.map(\.id)
        // Spread the requests over the whole population rather than walking it in order.
        let population = users.count
        let scatter: @Sendable (Int) -> Int = { k in (k &* 7919) % population }
        results.add(
            await phase("filter-userName", count: settings.requests) { k in
                let user = created[scatter(k)]
                let (id, name) = (user.id, Payloads.userName(prefix: prefix, user.index))
                let filter = SCIMClient.queryValue("userName eq \"\(name)\"")
                let answer = try await client.send(.GET, "/Users?filter=\(filter)")
                try Checks.status(answer, [200], "GET /Users?filter")
                try Checks.equal(try Checks.present(answer.body?.totalResults, "totalResults", "filter"), 1, "filter totalResults")
                let found = answer.body?.resources ?? []
                try Checks.equal(found.count, 1, "filter Resources count")
                try Checks.equal(found[0].id ?? "", id, "filter id")
                try Checks.equal((found[0].userName ?? "").lowercased(), name.lowercased(), "filter userName")
            })
        results.add(
            await phase("get-by-id", count: settings.requests) { k in
                let id = users[scatter(k)]
                let answer = try await client.send(.GET, "/Users/\(id)")
                try Checks.status(answer, [200], "GET /Users/{id}")
                try Checks.equal(try Checks.present(answer.body?.id, "id", "GET /Users/{id}"), id, "GET /Users/{id} id")
            })
        results.add(
            await phase("patch-user", count: min(settings.requests, users.count)) { k in
                let id = users[scatter(k)]
                let displayName = "\(prefix) patched \(k)"
                let answer = try await client.send(.PATCH, "/Users/\(id)", body: Payloads.deactivateAndRename(displayName))
                try Checks.status(answer, [200, 204], "PATCH /Users/{id}")
                guard answer.status == 200 else { return }
                try Checks.equal(answer.body?.active, false, "PATCH active")
                try Checks.equal(try Checks.present(answer.body?.displayName, "displayName", "PATCH"), displayName, "PATCH displayName")
            })
    }

    // MARK: Lists

    func listPages(_ results: Results) async {
        guard settings.listRequests > 0 else { return }
        let client = client
        let size = settings.pageSize
        let total = (try? await client.send(.GET, "/Users?startIndex=1&count=1")).flatMap { $0.body?.totalResults } ?? 0
        for (name, start) in [("list-page1", 1), ("list-deep", max(1, total - size + 1))] {
            let expected = min(size, max(0, total - start + 1))
            var result = await phase(name, count: settings.listRequests) { _ in
                let answer = try await client.send(.GET, "/Users?startIndex=\(start)&count=\(size)")
                try Checks.status(answer, [200], "GET /Users?startIndex=\(start)")
                try Checks.equal(try Checks.present(answer.body?.itemsPerPage, "itemsPerPage", "list"), expected, "itemsPerPage at \(start)")
                try Checks.equal(answer.body?.resources?.count ?? 0, expected, "Resources at \(start)")
                try Checks.equal(try Checks.present(answer.body?.startIndex, "startIndex", "list"), start, "startIndex")
            }
            result.note = "startIndex=\(start) count=\(size) of \(total)"
            results.add(result)
        }
    }

    /// A cursor walk (RFC 9865) over every user, one page after the other: the first and the
    /// last `cursorPages` pages are timed as phases of their own, so a cost that grows with the
    /// position shows as a difference between them. The walk must see each user once.
    func cursorWalk(_ results: Results) async {
        guard settings.cursorPages > 0 else { return }
        let client = client
        let size = settings.pageSize
        let total = (try? await client.send(.GET, "/Users?startIndex=1&count=1")).flatMap { $0.body?.totalResults } ?? 0
        let pages = (total + size - 1) / size
        guard pages > 2 * settings.cursorPages else { return }
        let walk = CursorWalk()
        let step: @Sendable (Int) async throws -> Void = { _ in
            let cursor = walk.cursor ?? ""
            let answer = try await client.send(.GET, "/Users?attributes=userName&count=\(size)&cursor=\(SCIMClient.queryValue(cursor))")
            try Checks.status(answer, [200], "GET /Users?cursor")
            walk.advance(answer.body?.nextCursor, seen: answer.body?.resources?.count ?? 0)
        }
        var first = await phase("cursor-first-pages", count: settings.cursorPages, concurrency: 1, step)
        first.note = "pages 1–\(settings.cursorPages) of \(pages), count=\(size)"
        results.add(first)
        // The middle of the walk, untimed.
        let middle = pages - 2 * settings.cursorPages
        _ = await PhaseRunner.run("cursor-middle", count: middle, concurrency: 1, maxSeconds: settings.maxSeconds, step)
        var last = await phase("cursor-last-pages", count: settings.cursorPages, concurrency: 1, step)
        last.note = "pages \(pages - settings.cursorPages + 1)–\(pages) of \(pages)"
        if walk.seen != total || walk.cursor != nil {
            last.errors += 1
            last.samples.append("the walk saw \(walk.seen) of \(total) users; next cursor after the last page: \(walk.cursor ?? "none")")
        }
        results.add(last)
    }

    /// The cursor a walk continues from, and how many resources it has seen.
    final class CursorWalk: Sendable {
        private let state = Mutex<(cursor: String?, seen: Int)>((nil, 0))
        var cursor: String? { state.withLock { $0.cursor } }
        var seen: Int { state.withLock { $0.seen } }
        func advance(_ next: String?, seen count: Int) { state.withLock { $0 = (next, $0.seen + count) } }
    }

    // MARK: Cleanup

    func delete(_ name: String, endpoint: String, ids: [String], _ results: Results) async {
        guard !ids.isEmpty else { return }
        let client = client
        results.add(
            await phase(name, count: ids.count) { index in
                let answer = try await client.send(.DELETE, "/\(endpoint)/\(ids[index])")
                try Checks.status(answer, [204, 200], "DELETE /\(endpoint)/{id}")
            })
    }
}
