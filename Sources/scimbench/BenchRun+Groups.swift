/// Group phases: batched membership changes, and how the cost of a one-member change grows
/// with the size of the group.
extension BenchRun {
    /// create-groups, add-members, remove-members. Returns the ids of the groups created.
    func membership(_ users: [String], _ results: Results) async -> [String] {
        guard settings.groups > 0 else { return [] }
        let client = client
        let prefix = settings.prefix
        let created = CreatedIDs(count: settings.groups)
        results.add(
            await phase("create-groups", count: settings.groups) { index in
                let answer = try await client.send(.POST, "/Groups", body: Payloads.group(prefix: prefix, "g\(index)"))
                try Checks.status(answer, [201], "POST /Groups")
                created.set(index, try Checks.present(answer.body?.id, "id", "POST /Groups"))
            })
        let groups = created.users.map(\.id)
        let members = Array(users.prefix(settings.groupMembers))
        guard !groups.isEmpty, !members.isEmpty else { return groups }
        let batches = stride(from: 0, to: members.count, by: settings.batch).map {
            Array(members[$0..<min($0 + settings.batch, members.count)])
        }
        let note = "\(groups.count) groups × \(members.count) members, \(settings.batch) per operation"
        var add = await phase("add-members", count: groups.count * batches.count) { j in
            let (group, batch) = (groups[j / batches.count], batches[j % batches.count])
            let answer = try await client.send(.PATCH, "/Groups/\(group)", body: Payloads.addMembers(batch))
            try Checks.status(answer, [200, 204], "PATCH /Groups/{id} add")
        }
        add.note = note
        add.errors += await verifyMemberCounts(groups.map { ($0, members.count) }, into: &add.samples)
        results.add(add)
        var remove = await phase("remove-members", count: groups.count * batches.count) { j in
            let (group, batch) = (groups[j / batches.count], batches[j % batches.count])
            let answer = try await client.send(.PATCH, "/Groups/\(group)", body: Payloads.removeMembers(batch))
            try Checks.status(answer, [200, 204], "PATCH /Groups/{id} remove")
        }
        remove.note = note
        remove.errors += await verifyMemberCounts(groups.map { ($0, 0) }, into: &remove.samples)
        results.add(remove)
        return groups
    }

    /// One-member adds to a small group and to a group holding (nearly) every user: the large
    /// group is filled by batched adds first, then `--single-adds` users that are in neither
    /// group are added one request each — to the small group, to the large group with the
    /// default response (the whole group), and, after removing them again, to the large group
    /// with `excludedAttributes=members` (RFC 7644 §3.9), which isolates the cost of rendering.
    func groupScale(_ users: [String], _ results: Results) async -> [String] {
        let k = settings.singleAdds
        guard k > 0, users.count > k + settings.smallGroup else { return [] }
        let client = client
        let prefix = settings.prefix
        let singles = Array(users.suffix(k))
        let bigMembers = Array(users.prefix(users.count - k))
        let smallMembers = Array(bigMembers.prefix(settings.smallGroup))

        // Build: two POSTs, then batched adds answered without the member list so the build
        // does not pay to render a growing group thousands of times.
        let lean = "?excludedAttributes=members"
        var ids: [String] = []
        var failures: [String] = []
        for (name, members) in [("small", smallMembers), ("large", [])] {
            do {
                let answer = try await client.send(.POST, "/Groups\(lean)", body: Payloads.group(prefix: prefix, name, members: members))
                try Checks.status(answer, [201], "POST /Groups")
                ids.append(try Checks.present(answer.body?.id, "id", "POST /Groups"))
            } catch {
                failures.append("POST /Groups \(name): \(error)")
            }
        }
        guard ids.count == 2 else {
            results.add(
                PhaseResult(
                    name: "build-large-group", requests: 2, errors: failures.count, seconds: 0,
                    histogram: PhaseResult.Latencies(highestTrackableValue: 1_000_000), truncated: false, samples: failures))
            return ids
        }
        let (small, large) = (ids[0], ids[1])
        let batches = stride(from: 0, to: bigMembers.count, by: settings.batch).map {
            Array(bigMembers[$0..<min($0 + settings.batch, bigMembers.count)])
        }
        var build = await phase("build-large-group", count: batches.count) { j in
            let answer = try await client.send(.PATCH, "/Groups/\(large)\(lean)", body: Payloads.addMembers(batches[j]))
            try Checks.status(answer, [200, 204], "PATCH /Groups/{id} add")
        }
        build.note = "\(bigMembers.count) members by \(settings.batch)-member PATCH adds, excludedAttributes=members"
        build.errors += await verifyMemberCounts([(small, smallMembers.count), (large, bigMembers.count)], into: &build.samples)
        results.add(build)

        // Timed: the same k one-member adds against each group. Writes to one group serialise on
        // the server, so compare ops/s (the service time) more than latency.
        func single(_ name: String, _ group: String, _ query: String, remove: Bool = false) async -> PhaseResult {
            await phase(name, count: k) { i in
                let body = remove ? Payloads.removeMembers([singles[i]]) : Payloads.addMembers([singles[i]])
                let answer = try await client.send(.PATCH, "/Groups/\(group)\(query)", body: body)
                try Checks.status(answer, [200, 204], "PATCH /Groups/{id}")
            }
        }
        var addSmall = await single("add-one-small", small, "")
        addSmall.note = "group of \(smallMembers.count) members, one member per PATCH, full response"
        addSmall.errors += await verifyMemberCounts([(small, smallMembers.count + k)], into: &addSmall.samples)
        results.add(addSmall)
        var addLarge = await single("add-one-large", large, "")
        addLarge.note = "group of \(bigMembers.count) members, one member per PATCH, full response"
        results.add(addLarge)
        var removeLarge = await single("remove-one-large-lean", large, lean, remove: true)
        removeLarge.note = "group of \(bigMembers.count + k) members, one member per PATCH, excludedAttributes=members"
        results.add(removeLarge)
        var addLargeLean = await single("add-one-large-lean", large, lean)
        addLargeLean.note = "group of \(bigMembers.count) members, one member per PATCH, excludedAttributes=members"
        addLargeLean.errors += await verifyMemberCounts([(large, bigMembers.count + k)], into: &addLargeLean.samples)
        results.add(addLargeLean)
        return ids
    }

    /// Reads each group's members (`attributes=members`) and counts the groups whose member count is wrong.
    func verifyMemberCounts(_ expected: [(String, Int)], into samples: inout [String]) async -> Int {
        var wrong = 0
        for (group, count) in expected {
            do {
                let answer = try await client.send(.GET, "/Groups/\(group)?attributes=members")
                try Checks.status(answer, [200], "GET /Groups/{id}")
                let members = answer.body?.members?.count ?? 0
                try Checks.equal(members, count, "member count of group \(group)")
            } catch {
                wrong += 1
                if samples.count < 5 { samples.append("verify: \(error)") }
            }
        }
        return wrong
    }
}
