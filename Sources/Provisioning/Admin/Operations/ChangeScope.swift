import Foundation
import SCIM

/// Changes the tenant's sync-scope rules: logged with the rules before and after, then every
/// user of the tenant is re-evaluated in bounded chunks (requirements §5).
public struct ChangeScope: AdminOperation {
    /// What to change.
    public enum Change: Sendable, Equatable {
        /// Replaces the required attribute paths (empty: none).
        case require([String])
        /// Sets a criterion's allowed values.
        case include(ScopeCriterion, AllowedValues)
        /// Removes a criterion: it then admits everyone.
        case clear(ScopeCriterion)
        /// Replaces the whole rules document.
        case replace(ScopeRules)
    }

    public var change: Change
    public init(_ change: Change) { self.change = change }

    public func perform(_ context: AdminContext) async throws -> ScopeRulesSummary {
        let tenant = try context.requireTenant()
        let change = self.change
        let (_, rules) = try await context.services.scope.update(info: try context.requestInfo()) { rules in
            switch change {
            case .require(let paths): rules.required = try Self.cleaned(paths, what: "an attribute path")
            case .include(let criterion, .values(let values)):
                rules.criteria[criterion] = .values(try Self.cleaned(values, what: "a \(criterion.rawValue) value"))
            case .include(let criterion, .all): rules.criteria[criterion] = .all
            case .clear(let criterion): rules.criteria[criterion] = nil
            case .replace(let replacement):
                rules = replacement
                rules.required = try Self.cleaned(replacement.required, what: "an attribute path")
                for (criterion, allowed) in replacement.criteria {
                    if case .values(let values) = allowed {
                        rules.criteria[criterion] = .values(try Self.cleaned(values, what: "a \(criterion.rawValue) value"))
                    }
                }
            }
        }
        let pending = try await context.services.mappings.unfinishedRecomputeJobs()
            .contains { $0.tenantID == tenant.id && $0.allUsers }
        return ScopeRulesSummary(tenant: tenant.name, rules: rules, isDefault: false, reevaluationPending: pending)
    }

    /// Trimmed, without duplicates (case-insensitively), each 1–1,000 characters.
    static func cleaned(_ items: [String], what: String) throws(AdminError) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for item in items {
            let text = item.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, text.count <= 1_000 else { throw AdminError(.invalid, "\(what.prefix(1).uppercased() + what.dropFirst()) must be 1-1000 characters; got '\(item)'.") }
            if seen.insert(caseFold(text)).inserted { out.append(text) }
        }
        return out
    }
}
