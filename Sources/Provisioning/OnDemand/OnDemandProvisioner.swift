import SCIM
import Store

/// Provision on demand: one User or Group payload, as the identity provider would send it,
/// taken through import, scope, match and action. A dry run reads only (one read transaction,
/// nothing written, not even a log entry); a real run applies the change through the same
/// public service calls a SCIM POST or PUT makes, logged as `provision-on-demand`.
struct OnDemandProvisioner {
    /// The sync-log operation of entries a real run writes.
    static let origin = "provision-on-demand"

    let services: ProvisioningServices
    let info: RequestInfo

    /// Everything the read transaction found out.
    private struct Plan {
        var match: (record: ResourceRecord, by: String)?
        var evaluation: ScopeEvaluation?
        var rules: ScopeRules
        var preview: Result<WritePreview, SCIMError>
    }

    func run(_ payload: SCIMValue, dryRun: Bool) async throws -> ProvisionReport {
        let (kind, object) = try Self.importPayload(payload)
        let schema = services.resources.schema(kind)
        let validated: SCIMObject
        do throws(SCIMError) {
            validated = try ResourceValidator(schema: schema).validate(object, mode: .create)
        } catch {
            throw AdminError(.invalid, "The payload is not a valid \(kind.rawValue): \(error.detail)")
        }
        let name = validated[kind.nameAttribute]?.stringValue
        let tenantID = info.tenant.id
        let resources = services.resources
        let plan = try await services.store.read { tx in
            let match = try await Self.match(kind, validated, schema: schema, tx: tx, tenantID: tenantID)
            let rules = try await ScopeRules.current(tenantID: tenantID, tx: tx)
            var evaluation: ScopeEvaluation?
            if kind == .user {
                // A PUT replaces the body, not the memberships: the user keeps the groups it has.
                var groups: [GroupIdentity] = []
                if let match { groups = try await tx.groupIdentities(memberSeq: match.record.seq) }
                evaluation = rules.evaluate(ScopeSubject(body: validated, schema: schema, groups: groups))
            }
            let preview: Result<WritePreview, SCIMError>
            do {
                preview = .success(try await resources.preview(kind, object, existing: match?.record, tx: tx, tenantID: tenantID))
            } catch let error as SCIMError {
                preview = .failure(error)
            }
            return Plan(match: match, evaluation: evaluation, rules: rules, preview: preview)
        }

        let noun = kind.rawValue.lowercased()
        var report = ProvisionReport(
            dryRun: dryRun, resourceType: kind.rawValue, name: name, action: plan.match == nil ? .create : .update, steps: [],
            checks: plan.evaluation?.checks ?? [], matched: plan.match.map { .init(id: $0.record.id, by: $0.by) },
            changes: .array([]), resourceId: plan.match?.record.id, operation: nil, logEntry: nil,
            correlationId: info.correlationID)
        report.steps.append(
            .init(
                step: "import", status: .success,
                detail: "A valid \(kind.rawValue) '\(name ?? "")', checked by the validator SCIM requests go through."))
        report.steps.append(Self.scopeStep(plan.evaluation, rules: plan.rules))
        report.steps.append(Self.matchStep(kind, plan.match, validated: validated, dryRun: dryRun))

        switch plan.preview {
        case .failure(let error):
            report.action = .skip
            if dryRun {
                report.steps.append(.init(step: "action", status: .failure, detail: Self.refusal(error)))
                return report
            }
        case .success(let preview):
            report.changes = ChangeSet.json(preview.changes) ?? .array([])
            if plan.match != nil, preview.changes.isEmpty {
                report.action = .skip
                report.steps.append(
                    .init(step: "action", status: .skipped, detail: "No change: the stored \(noun) already matches the payload."))
                return report
            }
            if dryRun {
                let attributes = preview.changes.map(\.attribute).joined(separator: ", ")
                let detail = plan.match.map { "Would replace \(noun) \($0.record.id); changes: \(attributes)." }
                    ?? "Would create \(noun) '\(name ?? "")' with \(attributes)."
                report.steps.append(.init(step: "action", status: .success, detail: detail))
                return report
            }
        }
        return try await apply(kind, object, name: name, plan: plan, report: report)
    }

    /// The real run: the same service calls as `POST /Users` or `PUT /Users/{id}`.
    private func apply(_ kind: ResourceKind, _ object: SCIMObject, name: String?, plan: Plan, report: ProvisionReport) async throws
        -> ProvisionReport
    {
        var report = report
        var info = self.info
        info.origin = Self.origin
        let noun = kind.rawValue.lowercased()
        do {
            let rendered: RenderedResource
            if let existing = plan.match?.record {
                rendered = try await services.resources.replace(kind, id: existing.id, body: object, preconditions: Preconditions(), info: info)
            } else {
                rendered = try await services.resources.create(kind, body: object, info: info)
            }
            let id = rendered.object["id"]?.stringValue ?? plan.match?.record.id
            report.resourceId = id
            let entry = try await loggedEntry(key: id ?? name, status: .success)
            report.operation = entry?.operation
            report.logEntry = entry?.seq
            if let changes = entry?.changes { report.changes = changes }
            let detail = plan.match == nil
                ? "Created \(noun) '\(name ?? "")' as \(id ?? "?")."
                : "Replaced \(noun) \(id ?? "?") (PUT semantics)."
            report.steps.append(.init(step: "action", status: .success, detail: detail))
        } catch let error as SCIMError {
            report.action = .skip
            let entry = try await loggedEntry(key: plan.match?.record.id ?? name, status: .failure)
            report.operation = entry?.operation
            report.logEntry = entry?.seq
            report.steps.append(.init(step: "action", status: .failure, detail: Self.refusal(error)))
        }
        return report
    }

    /// The entry this run's write (or refusal) appended: same correlation id, newest first.
    private func loggedEntry(key: String?, status: SyncStatus) async throws -> SyncLogEntry? {
        guard let key else { return nil }
        let query = SyncLogQuery(
            tenantID: info.tenant.id, statuses: [status], resourceName: key, operation: Self.origin, limit: 20)
        return try await services.syncLog.entries(query).first { $0.correlationID == info.correlationID }
    }

    // MARK: Steps

    /// The resource type from `schemas` (RFC 7643 §3): the User or Group core schema, nothing else.
    static func importPayload(_ payload: SCIMValue) throws(AdminError) -> (ResourceKind, SCIMObject) {
        guard case .object(let object) = payload else {
            throw AdminError(.invalid, "The payload must be a JSON object: a SCIM User or Group as the identity provider sends it.")
        }
        let schemas: [String]
        switch object["schemas"] {
        case .array(let items)?: schemas = items.compactMap(\.stringValue)
        case .string(let urn)?: schemas = [urn]
        default: schemas = []
        }
        let kinds = ResourceKind.allCases.filter { kind in
            schemas.contains { attributeNamesEqual($0, "urn:ietf:params:scim:schemas:core:2.0:\(kind.rawValue)") }
        }
        guard kinds.count == 1, let kind = kinds.first else {
            let listed = schemas.isEmpty ? "none" : schemas.joined(separator: ", ")
            throw AdminError(
                .invalid,
                "The payload's schemas must name exactly one of urn:ietf:params:scim:schemas:core:2.0:User or "
                    + "urn:ietf:params:scim:schemas:core:2.0:Group (got \(listed)).")
        }
        return (kind, object)
    }

    /// The existing resource: by externalId first (the identity provider's own key), then by
    /// userName or displayName (what a first sync matches on).
    private static func match(
        _ kind: ResourceKind, _ body: SCIMObject, schema: ResourceSchema, tx: any StoreTransaction, tenantID: Int64
    ) async throws -> (record: ResourceRecord, by: String)? {
        if let externalID = body["externalId"]?.stringValue {
            let filter = Filter.compare(AttributePath(name: "externalId"), .eq, .string(externalID))
            if let found = try await tx.query(
                tenantID: tenantID, type: kind.rawValue, ResourceQuery(filter: filter, count: 1), schema: schema
            ).records.first {
                return (found, "externalId")
            }
        }
        let nameKey = IndexKeys.derive(type: kind.rawValue, body: body).nameKey
        if !nameKey.isEmpty, let found = try await tx.resource(tenantID: tenantID, type: kind.rawValue, nameKey: nameKey) {
            return (found, kind.nameAttribute)
        }
        return nil
    }

    private static func scopeStep(_ evaluation: ScopeEvaluation?, rules: ScopeRules) -> ProvisionReport.Step {
        guard let evaluation else {
            return .init(step: "scope", status: .skipped, detail: "Scope rules apply to users; a group is provisioned as sent.")
        }
        if evaluation.checks.isEmpty {
            return .init(step: "scope", status: .success, detail: "No scope rules: every user is in scope.")
        }
        guard let reason = evaluation.reason else {
            return .init(step: "scope", status: .success, detail: "In scope: all \(evaluation.checks.count) rules met.")
        }
        if evaluation.missingRequired != nil {
            return .init(step: "scope", status: .failure, detail: "Refused: \(reason).")
        }
        return .init(
            step: "scope", status: .failure,
            detail: "Out of scope: \(reason); the user is stored but receives no roles or organization.")
    }

    private static func matchStep(
        _ kind: ResourceKind, _ match: (record: ResourceRecord, by: String)?, validated: SCIMObject, dryRun: Bool
    ) -> ProvisionReport.Step {
        let noun = kind.rawValue.lowercased()
        if let match {
            let value = validated[match.by]?.stringValue ?? ""
            return .init(step: "match", status: .success, detail: "Matches \(noun) \(match.record.id) by \(match.by) '\(value)'.")
        }
        var tried: [String] = []
        if let externalID = validated["externalId"]?.stringValue { tried.append("externalId '\(externalID)'") }
        tried.append("\(kind.nameAttribute) '\(validated[kind.nameAttribute]?.stringValue ?? "")'")
        return .init(
            step: "match", status: .success,
            detail: "No \(noun) with \(tried.joined(separator: " or ")): a new one \(dryRun ? "would be" : "is") created.")
    }

    /// A refusal as the SCIM response would give it: status, scimType and the same detail.
    static func refusal(_ error: SCIMError) -> String {
        "Refused (\(error.status)\(error.scimType.map { " \($0.rawValue)" } ?? "")): \(error.detail)"
    }
}
