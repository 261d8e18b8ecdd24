/// The admin API's bodies for scope changes (`docs/admin-api.md`), decoded into a `ChangeScope`.
extension ChangeScope {
    /// `PUT /admin/v1/scope/required`: `{"required": ["name.givenName", …]}` (`[]`: none).
    public struct RequiredRequest: Decodable, Sendable {
        public var required: [String]
        public var operation: ChangeScope { ChangeScope(.require(required)) }
    }

    /// `PUT /admin/v1/scope/criteria/{criterion}`: `{"values": "all"}` or `{"values": ["Sales", …]}`.
    public struct CriterionRequest: Decodable, Sendable {
        public var values: AllowedValues
        public func operation(_ criterion: ScopeCriterion) -> ChangeScope { ChangeScope(.include(criterion, values)) }
    }

    /// A criterion named in a path: one of `userType`, `department`, `office`, `domain`, `group`.
    public static func criterion(named name: String) throws(AdminError) -> ScopeCriterion {
        guard let criterion = ScopeCriterion.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
            throw AdminError(
                .invalid, "'\(name)' is not a scope criterion; use one of \(ScopeCriterion.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return criterion
    }
}
