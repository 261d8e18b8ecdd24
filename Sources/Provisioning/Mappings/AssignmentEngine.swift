import SCIM
import Store

/// Turns group memberships into effective roles and organizations through the tenant's
/// mappings, inside the caller's transaction (requirements §4): records what changed, opens
/// "Unable to …" errors for mappings that cannot be carried out, and resolves them once a
/// later change makes them possible. A user out of sync scope (requirements §5) keeps what it
/// last had and is not updated; the log says why, and coming back into scope re-applies.
struct AssignmentEngine {
    let tenantID: Int64
    let info: RequestInfo
    let clock: ProvisioningClock
    /// Resolves the attribute paths of the tenant's scope rules.
    let userSchema: ResourceSchema

    /// The tenant's mappings and catalogues, read once per batch of users.
    struct Catalogue {
        var mappings: [MappingRecord]
        var roles: [String: String]  // folded name → name
        var organizations: [String: String]
        var rules: ScopeRules

        init(tx: any StoreTransaction, tenantID: Int64, rules: ScopeRules) async throws {
            self.rules = rules
            mappings = try await tx.mappings(tenantID: tenantID)
            roles = Dictionary(try await tx.roles(tenantID: tenantID).map { (caseFold($0.name), $0.name) }, uniquingKeysWith: { a, _ in a })
            organizations = Dictionary(
                try await tx.organizations(tenantID: tenantID).map { (caseFold($0.name), $0.name) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// What a user should have, and the mappings that cannot be carried out.
    struct Desired {
        var roles: [AssignedRole] = []
        var organization: String?
        var organizationMapping: MappingRecord?
        var problems: [Problem] = []
    }

    struct Problem {
        var reason: MappingErrorMessages.Reason
        var kind: MappingKind
        var group: String
        var target: String
        var mappingID: Int64?
    }

    /// Recomputes each user's assignment and writes the effects to the sync log. `written` says
    /// the users are the ones a request itself wrote: an out-of-scope user then gets a `skipped`
    /// entry every time, not only when it leaves scope.
    func recompute(_ userSeqs: some Sequence<Int64>, tx: any StoreTransaction, written: Bool = false) async throws {
        var catalogue: Catalogue?
        var seen = Set<Int64>()
        let rules = try await ScopeRules.current(tenantID: tenantID, tx: tx)
        // Most tenants provision before they map anything: then a membership change has no effect
        // (unless scope depends on groups), and a 100 000-member group delete should not re-read
        // every member. A user write is still checked against the scope rules.
        let hasEffects = (written && rules != .unrestricted) || rules.dependsOnGroups
        if !hasEffects, try await !tx.hasMappingState(tenantID: tenantID) {
            // No rule can hold a written user out of scope here (else hasEffects): it is in scope.
            if written { try await announceProvisioned(userSeqs, tx: tx) }
            return
        }
        for seq in userSeqs where seen.insert(seq).inserted {
            guard let user = try await tx.resource(seq: seq), user.type == ResourceKind.user.rawValue else { continue }
            if catalogue == nil { catalogue = try await Catalogue(tx: tx, tenantID: tenantID, rules: rules) }
            if let catalogue { try await recompute(user, catalogue: catalogue, tx: tx, written: written) }
        }
    }

    private func recompute(_ user: ResourceRecord, catalogue: Catalogue, tx: any StoreTransaction, written: Bool) async throws {
        let groups = try await tx.groupIdentities(memberSeq: user.seq)
        let previous = try await tx.assignment(userSeq: user.seq)
            ?? AssignmentRecord(userSeq: user.seq, roles: [], organization: nil, suspended: false, updatedMs: 0)
        let suspended = user.body["active"]?.boolValue == false
        let userName = user.body["userName"]?.stringValue ?? user.id
        let evaluation = catalogue.rules.evaluate(ScopeSubject(body: user.body, schema: userSchema, groups: groups))
        if let reason = evaluation.reason {
            try await keepOutOfScope(
                user, userName: userName, previous: previous, suspended: suspended, reason: reason, evaluation: evaluation,
                written: written, tx: tx)
            return
        }
        if written || previous.outOfScope != nil { try await announceProvisioned(user, tx: tx) }
        var desired = desiredState(groups: groups, catalogue: catalogue, previous: previous)

        // A role held through a mapping that no longer exists, not granted by another one, while
        // the user is still in the group: the mapping was deleted (requirements §4, the second cause).
        let mappingIDs = Set(catalogue.mappings.map(\.id))
        let desiredRoleKeys = Set(desired.roles.map { caseFold($0.role) })
        for held in previous.roles where !mappingIDs.contains(held.mappingID) && !desiredRoleKeys.contains(caseFold(held.role)) {
            if groups.contains(where: { caseFold($0.displayName) == caseFold(held.group) }) {
                desired.problems.append(
                    Problem(reason: .mappingDeleted, kind: .role, group: held.group, target: held.role, mappingID: held.mappingID))
            }
        }

        let next = AssignmentRecord(
            userSeq: user.seq, roles: desired.roles, organization: desired.organization, suspended: suspended,
            outOfScope: nil, updatedMs: clock.nowMs())
        if next.roles != previous.roles || next.organization != previous.organization || next.suspended != previous.suspended
            || next.outOfScope != previous.outOfScope
        {
            try await tx.saveAssignment(next, tenantID: tenantID)
            try await announceAssignment(user, previous: previous, next: next, tx: tx)
            // The scimd extension is part of the user's representation, so its version moves (RFC 7644 §3.14).
            try await tx.touchResource(seq: user.seq, nowMs: clock.nowMs())
            // A role that now comes through another group is saved (provenance) but is no effect to log.
            if let entry = changeEntry(user: user, userName: userName, previous: previous, next: next, desired: desired) {
                try await tx.appendLog(entry)
            }
        }
        try await reconcileErrors(user: user, userName: userName, groups: groups, desired: desired, tx: tx)
    }

    /// An out-of-scope user: roles and organization stay as they were, only the active state
    /// still suspends them (requirements §9). The `skipped` entry names each failed rule with
    /// the user's value; it is written when the user leaves scope (or fails another rule), and
    /// on every write of the user itself, so the log answers "why was this update not applied?".
    private func keepOutOfScope(
        _ user: ResourceRecord, userName: String, previous: AssignmentRecord, suspended: Bool, reason: String,
        evaluation: ScopeEvaluation, written: Bool, tx: any StoreTransaction
    ) async throws {
        var next = previous
        next.suspended = suspended
        next.outOfScope = reason
        if next.suspended != previous.suspended || next.outOfScope != previous.outOfScope {
            next.updatedMs = clock.nowMs()
            try await tx.saveAssignment(next, tenantID: tenantID)
            if next.suspended != previous.suspended { try await tx.touchResource(seq: user.seq, nowMs: clock.nowMs()) }
        }
        guard written || previous.outOfScope != reason else { return }
        let held = previous.roles.map(\.role) + (previous.organization.map { ["organization '\($0)'"] } ?? [])
        let effect: String
        if previous.outOfScope == nil, !held.isEmpty {
            effect = "it left sync scope and keeps what it had (\(held.joined(separator: ", "))), no longer updated"
        } else if held.isEmpty {
            effect = "it receives no roles or organization until it meets the rules"
        } else {
            effect = "its roles and organization were not updated (it keeps \(held.joined(separator: ", ")))"
        }
        var message = "User '\(userName)' is out of sync scope: \(reason); \(effect)."
        var changes: [AttributeChange] = []
        if next.suspended != previous.suspended {
            changes.append(AttributeChange(attribute: "suspended", old: .bool(previous.suspended), new: .bool(next.suspended)))
            message += next.suspended ? " Roles and organization suspended (user inactive)." : " Roles and organization restored (user active)."
        }
        var details = SCIMObject()
        details["failed"] = .array(
            evaluation.failures.map { check in
                ["rule": .string(check.rule), "values": .array(check.values.map { .string($0) })]
            })
        try await tx.appendLog(
            entry(
                user: user, userName: userName, status: .skipped, message: message, errorCode: "outOfScope", changes: changes,
                details: .object(details)))
    }

    func desiredState(groups: [GroupIdentity], catalogue: Catalogue, previous: AssignmentRecord) -> Desired {
        var desired = Desired()
        var roleKeys = Set<String>()
        var organizationCandidates: [(MappingRecord, GroupIdentity)] = []
        for mapping in catalogue.mappings {
            for group in groups where mapping.names(group) {
                switch mapping.kind {
                case .role:
                    if let role = catalogue.roles[caseFold(mapping.targetName)] {
                        if roleKeys.insert(caseFold(role)).inserted {
                            desired.roles.append(AssignedRole(role: role, mappingID: mapping.id, group: group.displayName))
                        }
                    } else {
                        desired.problems.append(
                            Problem(reason: .roleMissing, kind: .role, group: group.displayName, target: mapping.targetName, mappingID: mapping.id))
                    }
                case .organization:
                    organizationCandidates.append((mapping, group))
                }
            }
        }
        // requirements §4: the organization comes from the mapping with the best (lowest) priority number.
        if let (best, group) = organizationCandidates.min(by: { $0.0.precedes($1.0) }) {
            desired.organizationMapping = best
            if let organization = catalogue.organizations[caseFold(best.targetName)] {
                desired.organization = organization
            } else {
                desired.problems.append(
                    Problem(reason: .organizationMissing, kind: .organization, group: group.displayName, target: best.targetName, mappingID: best.id))
                // The user stays where it was, if that organization still exists.
                desired.organization = previous.organization.flatMap { catalogue.organizations[caseFold($0)] }
            }
        }
        return desired
    }

    private func changeEntry(
        user: ResourceRecord, userName: String, previous: AssignmentRecord, next: AssignmentRecord, desired: Desired
    ) -> SyncLogEntry? {
        var changes: [AttributeChange] = []
        var parts: [String] = []
        let before = Set(previous.roles.map(\.role))
        let after = Set(next.roles.map(\.role))
        let added = next.roles.filter { !before.contains($0.role) }
        let removed = previous.roles.filter { !after.contains($0.role) }
        if !added.isEmpty || !removed.isEmpty {
            changes.append(
                AttributeChange(attribute: "roles", added: added.map { .string($0.role) }, removed: removed.map { .string($0.role) }))
            parts += added.map { "assigned role '\($0.role)' (group '\($0.group)', mapping \($0.mappingID))" }
            parts += removed.map { "removed role '\($0.role)'" }
        }
        if previous.organization != next.organization {
            changes.append(
                AttributeChange(
                    attribute: "organization", old: previous.organization.map { .string($0) },
                    new: next.organization.map { .string($0) }))
            if let organization = next.organization, let mapping = desired.organizationMapping {
                parts.append("moved to organization '\(organization)' (group '\(mapping.groupRef)', mapping \(mapping.id), priority \(mapping.priority))")
            } else {
                parts.append("left organization '\(previous.organization ?? "")'")
            }
        }
        if previous.suspended != next.suspended {
            changes.append(AttributeChange(attribute: "suspended", old: .bool(previous.suspended), new: .bool(next.suspended)))
            parts.append(next.suspended ? "roles and organization suspended (user inactive)" : "roles and organization restored (user active)")
        }
        if previous.outOfScope != nil {
            parts.insert("back in sync scope, roles and organization re-applied", at: 0)
        }
        guard !parts.isEmpty else { return nil }
        let message = "User '\(userName)': " + parts.joined(separator: "; ")
        return entry(user: user, userName: userName, status: .success, message: message, changes: changes)
    }

    /// Opens errors for new problems and closes the ones a change has resolved.
    private func reconcileErrors(
        user: ResourceRecord, userName: String, groups: [GroupIdentity], desired: Desired, tx: any StoreTransaction
    ) async throws {
        let open = try await tx.mappingErrors(userSeq: user.seq)
        var openKeys = Set<String>()
        let groupKeys = Set(groups.flatMap { [caseFold($0.displayName)] + ($0.externalID.map { [caseFold($0)] } ?? []) })
        let roleKeys = Set(desired.roles.map { caseFold($0.role) })
        let problemKeys = Set(desired.problems.map { "\($0.kind.rawValue)|\(caseFold($0.group))|\(caseFold($0.target))" })
        for error in open {
            let key = "\(error.kind.rawValue)|\(error.groupKey)|\(error.targetKey)"
            let resolved: Bool
            switch error.kind {
            case .role: resolved = roleKeys.contains(error.targetKey)
            case .organization: resolved = desired.organization.map(caseFold) == error.targetKey
            }
            // A deleted mapping is not recomputed from current state, so its error stays open
            // while the user is in the group; the others while the problem still shows.
            let stillApplies = groupKeys.contains(error.groupKey)
                && (error.reason == MappingErrorMessages.Reason.mappingDeleted.rawValue || problemKeys.contains(key))
            if resolved || !stillApplies {
                try await tx.deleteMappingError(id: error.id)
                let how = resolved
                    ? (error.kind == .role ? "role '\(error.targetName)' is assigned again" : "user moved to organization '\(error.targetName)'")
                    : "it no longer applies (the user left group '\(error.groupName)' or the mapping changed)"
                var details = SCIMObject()
                details["resolves"] = .integer(Int(error.logSeq))
                details["group"] = .string(error.groupName)
                details[error.kind == .role ? "role" : "organization"] = .string(error.targetName)
                if let mapping = error.mappingID { details["mapping"] = .integer(Int(mapping)) }
                try await tx.appendLog(
                    entry(
                        user: user, userName: userName, status: .success,
                        message: "Resolved for user '\(userName)': \(how) (error entry \(error.logSeq))", details: .object(details)))
            } else {
                openKeys.insert(key)
            }
        }
        for problem in desired.problems {
            let key = "\(problem.kind.rawValue)|\(caseFold(problem.group))|\(caseFold(problem.target))"
            guard openKeys.insert(key).inserted else { continue }
            let message = MappingErrorMessages.message(
                problem.reason, user: userName, group: problem.group, target: problem.target, mappingID: problem.mappingID)
            let remedy = MappingErrorMessages.remedy(problem.reason, group: problem.group, target: problem.target, mappingID: problem.mappingID)
            var details = SCIMObject()
            details["user"] = .string(userName)
            details["group"] = .string(problem.group)
            details["mapping"] = problem.mappingID.map { .integer(Int($0)) } ?? .null
            details[problem.kind == .role ? "role" : "organization"] = .string(problem.target)
            details["remedy"] = .string(remedy)
            let seq = try await tx.appendLog(
                entry(
                    user: user, userName: userName, status: .failure, message: "\(message) \(remedy)",
                    errorCode: problem.reason.rawValue, details: .object(details)))
            try await tx.insertMappingError(
                MappingErrorRecord(
                    userSeq: user.seq, kind: problem.kind, groupKey: caseFold(problem.group), groupName: problem.group,
                    targetKey: caseFold(problem.target), targetName: problem.target, mappingID: problem.mappingID,
                    reason: problem.reason.rawValue, logSeq: seq, createdMs: clock.nowMs()),
                tenantID: tenantID)
        }
    }

    private func entry(
        user: ResourceRecord, userName: String, status: SyncStatus, message: String, errorCode: String? = nil,
        changes: [AttributeChange] = [], details: SCIMValue? = nil
    ) -> SyncLogEntry {
        SyncLogEntry(
            tenantID: tenantID, timeMs: clock.nowMs(), correlationID: info.correlationID, client: info.client,
            sourceAddress: info.sourceAddress, operation: "mapping", resourceType: ResourceKind.user.rawValue,
            resourceID: user.id, resourceName: userName, externalID: user.body["externalId"]?.stringValue, status: status,
            errorCode: errorCode, message: message, changes: ChangeSet.json(changes), details: details)
    }
}
