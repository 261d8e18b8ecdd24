import SCIM
import Store

/// What scope rules are checked against: a user's stored (or pushed) body, the schema that
/// resolves its attribute paths, and the groups it is a direct member of.
public struct ScopeSubject: Sendable {
    public var body: SCIMObject
    public var schema: ResourceSchema
    public var groups: [GroupIdentity]

    public init(body: SCIMObject, schema: ResourceSchema, groups: [GroupIdentity]) {
        self.body = body
        self.schema = schema
        self.groups = groups
    }
}

extension ScopeRules {
    /// Checks every rule, required attributes first, then the criteria in their fixed order.
    public func evaluate(_ subject: ScopeSubject) -> ScopeEvaluation {
        var checks = requiredChecks(subject)
        for (criterion, allowed) in orderedCriteria {
            let values = ScopeValues.of(criterion, in: subject)
            let rule: String
            let expected: String
            switch allowed {
            case .all:
                rule = "\(criterion.rawValue): all"
                expected = "any value"
            case .values:
                rule = "\(criterion.rawValue) in \(allowed)"
                expected = allowed.description
            }
            checks.append(
                ScopeCheck(
                    kind: .criterion, name: criterion.rawValue, rule: rule, expected: expected,
                    met: allowed.admits(any: values), values: values))
        }
        return ScopeEvaluation(checks: checks)
    }

    /// The required-attribute checks alone: what a create or replace is refused for. They need
    /// no group memberships, so they run before anything is stored.
    public func requiredChecks(_ subject: ScopeSubject) -> [ScopeCheck] {
        required.map { path in
            let values = ScopeValues.at(path: path, in: subject)
            return ScopeCheck(
                kind: .required, name: path, rule: "required: \(path)", expected: "a value", met: !values.isEmpty,
                values: values)
        }
    }

    /// Parses and resolves every required path against `schema`; the first that does not
    /// resolve is named in the error, so a typo is refused when the rules are saved, not
    /// silently never met.
    public func validate(against schema: ResourceSchema) throws(SCIMError) {
        for path in required {
            let parsed = try AttributePath.parse(path)
            guard schema.resolve(parsed) != nil else {
                throw SCIMError.invalidPath("'\(path)' is not an attribute of a User")
            }
        }
        for (criterion, allowed) in orderedCriteria {
            if case .values(let values) = allowed, values.allSatisfy(\.isEmpty) {
                throw SCIMError.invalidValue("\(criterion.rawValue) needs at least one value, or 'all'")
            }
        }
    }
}
