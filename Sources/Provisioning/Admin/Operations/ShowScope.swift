/// The tenant's sync-scope rules (requirements §5), the defaults when it saved none.
public struct ShowScope: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> ScopeRulesSummary {
        let tenant = try context.requireTenant()
        let (rules, isDefault) = try await context.services.scope.rules(tenant: tenant)
        return ScopeRulesSummary(tenant: tenant.name, rules: rules, isDefault: isDefault)
    }
}
