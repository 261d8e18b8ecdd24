import SCIM
import Store

/// Builds a `UserDiagnosis` in one read transaction: finds the user (id, userName, externalId,
/// then email), evaluates the tenant's current scope rules against it live, and gathers its
/// assignment, open mapping errors and newest sync-log entries. Reads only.
struct UserDiagnostics {
    let services: ProvisioningServices
    let tenant: TenantRecord

    /// How many sync-log entries a diagnosis shows.
    static let logEntries = 10
    /// How many users sharing an email are listed.
    static let maxCandidates = 20

    var userSchema: ResourceSchema { services.resources.schema(.user) }

    func diagnose(_ key: String) async throws -> UserDiagnosis {
        let key = key.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw AdminError(.invalid, "Name the user by id, userName, externalId or email.") }
        return try await services.store.read { tx in
            let rules = try await ScopeRules.current(tenantID: tenant.id, tx: tx)
            var result = UserDiagnosis(
                key: key, tenant: tenant.name, status: .neverReceived, summary: "", user: nil, eligible: nil, rules: [],
                assignment: nil, errors: [], refusal: nil, log: [], candidates: [], checklist: [])
            let (found, matchedBy, candidates) = try await find(key, tx: tx)
            if candidates.count > 1 {
                result.status = .ambiguous
                result.candidates = candidates.map { UserDiagnosis.Candidate(id: $0.id, userName: Self.userName($0)) }
                result.summary = "\(candidates.count) users have the email '\(key)'; diagnose one of them by userName or id."
                return result
            }
            guard let user = found else {
                let entries = try await logEntries(names: [key], tx: tx)
                result.log = entries.map(LogEntrySummary.init)
                let failure = entries.first { $0.status == .failure }
                if let latest = entries.first, latest.status != .failure, latest.operation == SyncOperation.delete.rawValue {
                    result.status = .notStored
                    result.summary = "User '\(key)' was deleted (sync-log entry \(latest.seq)): \(latest.message)."
                } else if let failure {
                    result.status = .refused
                    result.refusal = failure.message
                    result.summary = "Received but refused: \(failure.message)"
                } else if !entries.isEmpty {
                    result.status = .notStored
                    result.summary = "No user '\(key)' is stored now, though the sync log names it (renamed or deleted?); see the entries."
                } else {
                    result.summary = "scimd has never received a user '\(key)' in tenant '\(tenant.name)': nothing is stored or logged."
                }
                result.checklist = Self.checklist(rules)
                return result
            }
            try await describe(user, matchedBy: matchedBy, rules: rules, into: &result, tx: tx)
            return result
        }
    }

    // MARK: Finding the user

    /// The user a key names, how it matched, and every user with the key as email (when it matched by email).
    private func find(_ key: String, tx: any StoreTransaction) async throws -> (ResourceRecord?, String, [ResourceRecord]) {
        if let found = try await ResourceLookup.match(.user, key: key, tenantID: tenant.id, schema: userSchema, tx: tx) {
            return (found.record, found.matchedBy, [])
        }
        let kind = ResourceKind.user.rawValue
        // emails.value is caseExact false (RFC 7643 §4.1.2), so `eq` compares case-insensitively.
        let byEmail = try await tx.query(
            tenantID: tenant.id, type: kind,
            ResourceQuery(
                filter: .compare(AttributePath(name: "emails", subAttribute: "value"), .eq, .string(key)), count: Self.maxCandidates),
            schema: userSchema)
        return (byEmail.records.count == 1 ? byEmail.records.first : nil, "email", byEmail.records)
    }

    // MARK: A stored user

    private func describe(
        _ user: ResourceRecord, matchedBy: String, rules: ScopeRules, into result: inout UserDiagnosis, tx: any StoreTransaction
    ) async throws {
        let userName = Self.userName(user)
        let active = user.body["active"]?.boolValue ?? true
        result.status = .known
        result.user = UserDiagnosis.User(
            id: user.id, userName: userName, externalId: user.body["externalId"]?.stringValue, source: user.source.rawValue,
            active: active, matchedBy: matchedBy)
        let groups = try await tx.groupIdentities(memberSeq: user.seq)
        let evaluation = rules.evaluate(ScopeSubject(body: user.body, schema: userSchema, groups: groups))
        result.rules = evaluation.checks
        result.eligible = evaluation.inScope

        let stored = try await tx.assignment(userSeq: user.seq)
        let mappings = try await tx.mappings(tenantID: tenant.id)
        result.assignment = UserDiagnosis.Assignment(
            suspended: stored?.suspended ?? !active, frozen: stored?.outOfScope != nil, outOfScope: stored?.outOfScope,
            roles: (stored?.roles ?? []).map { UserDiagnosis.Role(role: $0.role, mapping: $0.mappingID, group: $0.group) },
            organization: stored?.organization.map { Self.organization($0, groups: groups, mappings: mappings) })
        result.errors = try await tx.mappingErrors(userSeq: user.seq).map(Self.problem)
        result.log = try await logEntries(names: [user.id, userName], tx: tx).map(LogEntrySummary.init)
        result.summary = Self.summary(userName: userName, active: active, evaluation: evaluation, stored: stored, errors: result.errors)
    }

    /// The newest entries naming any of `names` (as resource id, name or externalId), merged newest first.
    private func logEntries(names: [String], tx: any StoreTransaction) async throws -> [SyncLogEntry] {
        var bySeq: [Int64: SyncLogEntry] = [:]
        for name in Set(names) {
            let query = SyncLogQuery(tenantID: tenant.id, resourceName: name, resourceType: ResourceKind.user.rawValue, limit: Self.logEntries)
            for entry in try await tx.logEntries(query) { bySeq[entry.seq] = entry }
        }
        return bySeq.values.sorted { $0.seq > $1.seq }.prefix(Self.logEntries).map { $0 }
    }

    /// The organization with the mapping that explains it: the best-priority mapping of one of
    /// the user's groups to it (requirements §4), if there still is one.
    static func organization(_ name: String, groups: [GroupIdentity], mappings: [MappingRecord]) -> UserDiagnosis.Organization {
        let candidates = mappings.compactMap { mapping -> (MappingRecord, GroupIdentity)? in
            guard mapping.kind == .organization, caseFold(mapping.targetName) == caseFold(name) else { return nil }
            return groups.first(where: mapping.names).map { (mapping, $0) }
        }
        guard let (best, group) = candidates.min(by: { $0.0.precedes($1.0) }) else {
            return UserDiagnosis.Organization(name: name, mapping: nil, group: nil, priority: nil)
        }
        return UserDiagnosis.Organization(name: name, mapping: best.id, group: group.displayName, priority: best.priority)
    }

    static func problem(_ record: MappingErrorRecord) -> UserDiagnosis.MappingProblem {
        let remedy = MappingErrorMessages.Reason(rawValue: record.reason).map {
            MappingErrorMessages.remedy($0, group: record.groupName, target: record.targetName, mappingID: record.mappingID)
        } ?? "See `scimctl log --status failure` for entry \(record.logSeq)."
        return UserDiagnosis.MappingProblem(
            kind: record.kind, group: record.groupName, target: record.targetName, mapping: record.mappingID, reason: record.reason,
            remedy: remedy, logEntry: record.logSeq)
    }

    static func summary(
        userName: String, active: Bool, evaluation: ScopeEvaluation, stored: AssignmentRecord?, errors: [UserDiagnosis.MappingProblem]
    ) -> String {
        if let reason = evaluation.reason {
            return "User '\(userName)' is stored but out of sync scope: \(reason); its roles and organization are not updated."
        }
        if !active { return "User '\(userName)' is in scope but inactive: its roles and organization are suspended." }
        if stored?.outOfScope != nil {
            return "User '\(userName)' meets the current rules, but its assignment is still frozen from when it was out of scope; the next write or recompute re-applies it."
        }
        if !errors.isEmpty {
            return "User '\(userName)' is in scope, with \(errors.count) open mapping error\(errors.count == 1 ? "" : "s") (see errors)."
        }
        return "User '\(userName)' is stored, in scope and up to date."
    }

    /// What to check at the identity provider for a user scimd never stored: the usual reasons
    /// an IdP does not send a user, and the attribute mappings the tenant's rules depend on.
    static func checklist(_ rules: ScopeRules) -> [String] {
        var items = [
            "The user is assigned to the enterprise application, directly or through a group that is assigned.",
            "The application's scoping filters (provisioning scope) include the user.",
            "Provisioning is on for the application and not in quarantine; check its provisioning logs for this user.",
        ]
        for path in rules.required {
            items.append("An attribute mapping supplies \(path) (required by this tenant's sync scope rules).")
        }
        for (criterion, allowed) in rules.orderedCriteria where criterion != .group {
            items.append("An attribute mapping supplies \(criterion.source) (the criterion \(criterion.rawValue) \(allowed == .all ? "needs a value" : "in \(allowed)")).")
        }
        if case .values(let groups)? = rules.criteria[.group] {
            items.append("Groups are provisioned too, and the user is a member of one of \(AllowedValues.values(groups)).")
        }
        return items
    }

    static func userName(_ record: ResourceRecord) -> String { record.body["userName"]?.stringValue ?? record.id }
}
