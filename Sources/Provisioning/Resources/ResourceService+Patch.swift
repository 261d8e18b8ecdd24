import SCIM
import Store

extension ResourceService {
    /// PATCH (RFC 7644 §3.5.2): all operations or none. Group `members` operations become row
    /// changes in the membership table; everything else goes through the pure PATCH engine.
    ///
    /// Groups above this many members are not rendered in a PATCH answer: re-reading 100 000
    /// members to acknowledge one would make a one-row change cost the whole list (requirements §2, §10).
    public static let largeGroupMembers = 1_000

    /// The patched resource; for a large group `membersOmitted` is set and the HTTP layer answers
    /// 204, which RFC 7644 §3.5.2 allows.
    public func patch(
        _ kind: ResourceKind, id: String, request: SCIMValue, preconditions: Preconditions, info: RequestInfo,
        options: RenderOptions = .all
    ) async throws -> RenderedResource {
        try await patch(kind, id: id, reading: { request }, preconditions: preconditions, info: info, options: options)
    }

    /// PATCH with a body still to be read (see `create(_:reading:info:)`).
    public func patch(
        _ kind: ResourceKind, id: String, reading body: () async throws -> SCIMValue, preconditions: Preconditions,
        info: RequestInfo, options: RenderOptions = .all
    ) async throws -> RenderedResource {
        try await logged(RefusalSubject(.patch, kind, id: id), info: info) { _ in
            try await amend(kind, id: id, try await body(), preconditions: preconditions, info: info, options: options)
        }
    }

    /// The PATCH itself, unlogged: its caller records a refusal.
    func amend(
        _ kind: ResourceKind, id: String, _ request: SCIMValue, preconditions: Preconditions, info: RequestInfo,
        options: RenderOptions
    ) async throws -> RenderedResource {
        let operations = try PatchRequest.parse(request)
        let engine = PatchEngine(schema: schema(kind), limits: .default)
        let (bodyOperations, memberSteps) =
            kind == .group ? try engine.extractMultiValued("members", from: operations) : (operations, [])
        return try await store.write { tx in
            let existing = try await loadForWrite(kind, id: id, tx: tx, info: info, preconditions: preconditions)
            var changes: [AttributeChange] = []
            var record = existing
            if !bodyOperations.isEmpty {
                let patched = try engine.apply(bodyOperations, to: existing.body)
                let body = try ResourceValidator(schema: schema(kind)).validate(patched, mode: .patched(existing: existing.body))
                if body != existing.body {
                    changes = ChangeSet.between(old: existing.body, new: body)
                    record = try await tx.updateResource(
                        seq: existing.seq, body: body, keys: IndexKeys.derive(type: kind.rawValue, body: body),
                        nowMs: clock.nowMs())
                }
            }
            var affected = Set<Int64>()
            if !memberSteps.isEmpty {
                let delta = try await applyMemberSteps(memberSteps, groupSeq: existing.seq, tx: tx, tenantID: info.tenant.id)
                if !delta.change.isEmpty {
                    changes.append(delta.change)
                    affected = delta.affected
                    if record.version == existing.version { try await tx.touchResource(seq: existing.seq, nowMs: clock.nowMs()) }
                }
            }
            try await adoptIfLocal(existing, tx: tx, changes: &changes)
            try await tx.appendLog(entry(.patch, kind, record: record, changes: changes, info: info))
            try await announce(kind, old: existing, new: record, changes: changes, tx: tx, info: info)
            try await touchDependents(kind, old: existing, new: record, membersChanged: affected, tx: tx)
            try await recomputeAfterWrite(kind, old: existing, new: record, members: affected, tx: tx, info: info)
            var renderOptions = options
            var large = false
            if kind == .group, options.members {
                let limit = Self.largeGroupMembers + 1
                large = try await tx.memberCount(groupSeq: existing.seq, upTo: limit) == limit
            }
            if large { renderOptions.members = false }
            var rendered = try await renderCurrent(kind, id: existing.id, tx: tx, info: info, options: renderOptions)
            rendered.membersOmitted = large
            return rendered
        }
    }
}
