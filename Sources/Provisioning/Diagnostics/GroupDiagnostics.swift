import SCIM
import Store

/// Builds a `GroupDiagnosis`: every member user of a group evaluated against the tenant's
/// current scope rules. Members are read in pages of `pageSize`, one read transaction each, so
/// a 100 000-member group never holds a reader (or memory) for the whole group; every member
/// is counted, at most `maxRows` are listed.
struct GroupDiagnostics {
    let services: ProvisioningServices
    let tenant: TenantRecord

    static let pageSize = 500
    static let maxRows = 1000

    func diagnose(_ key: String) async throws -> GroupDiagnosis {
        let key = key.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw AdminError(.invalid, "Name the group by id, displayName or externalId.") }
        let schema = services.resources.schema(.group)
        let userSchema = services.resources.schema(.user)
        let (group, memberSeqs, rules) = try await services.store.read { tx in
            guard let group = try await ResourceLookup.find(.group, key: key, tenantID: tenant.id, schema: schema, tx: tx) else {
                throw ResourceLookup.notFound(.group, key: key, tenant: tenant)
            }
            return (group, try await tx.memberSeqs(groupSeq: group.seq), try await ScopeRules.current(tenantID: tenant.id, tx: tx))
        }
        var result = GroupDiagnosis(
            tenant: tenant.name,
            group: .init(
                id: group.id, displayName: group.body["displayName"]?.stringValue ?? group.id,
                externalId: group.body["externalId"]?.stringValue),
            users: 0, groups: 0, inScope: 0, outOfScope: 0, inactive: 0, failedRules: [], members: [], truncated: false,
            rules: rules.lines)
        var counts: [String: Int] = [:]
        var order: [String] = []
        var failureText: [String: String] = [:]
        var start = 0
        while start < memberSeqs.count {
            let page = Array(memberSeqs[start..<min(start + Self.pageSize, memberSeqs.count)])
            start += page.count
            let evaluated = try await services.store.read { tx -> [(ResourceRecord, ScopeEvaluation)?] in
                var out: [(ResourceRecord, ScopeEvaluation)?] = []
                for seq in page {
                    guard let member = try await tx.resource(seq: seq) else { continue }
                    guard member.type == ResourceKind.user.rawValue else {
                        out.append(nil)
                        continue
                    }
                    let groups = try await tx.groupIdentities(memberSeq: seq)
                    out.append((member, rules.evaluate(ScopeSubject(body: member.body, schema: userSchema, groups: groups))))
                }
                return out
            }
            for item in evaluated {
                guard let (member, evaluation) = item else {
                    result.groups += 1
                    continue
                }
                result.users += 1
                let active = member.body["active"]?.boolValue ?? true
                if !active { result.inactive += 1 }
                if evaluation.inScope { result.inScope += 1 } else { result.outOfScope += 1 }
                for failure in evaluation.failures {
                    if counts[failure.rule] == nil {
                        order.append(failure.rule)
                        failureText[failure.rule] = Self.failure(failure)
                    }
                    counts[failure.rule, default: 0] += 1
                }
                if result.members.count < Self.maxRows {
                    result.members.append(
                        .init(
                            id: member.id, userName: member.body["userName"]?.stringValue ?? member.id, active: active,
                            inScope: evaluation.inScope, failed: evaluation.failures.map(\.rule)))
                } else {
                    result.truncated = true
                }
            }
        }
        let total = result.users
        // Most frequent first; rules failed equally often keep the order rules are checked in.
        result.failedRules = order.enumerated().map { index, rule in
            let count = counts[rule] ?? 0
            return (index, GroupDiagnosis.RuleCount(
                rule: rule, count: count, summary: "\(count) of \(total) members: \(failureText[rule] ?? rule)"))
        }.sorted { ($1.1.count, $0.0) < ($0.1.count, $1.0) }.map(\.1)
        return result
    }

    /// What failing a rule means, said once for every member that fails it.
    static func failure(_ check: ScopeCheck) -> String {
        switch (check.kind, check.expected) {
        case (.required, _): return "required attribute \(check.name) missing"
        case (.criterion, "any value"): return "\(check.name) has no value"
        case (.criterion, let expected): return "\(check.name) not in \(expected)"
        }
    }
}
