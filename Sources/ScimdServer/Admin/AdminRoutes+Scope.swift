import Hummingbird
import Provisioning

extension AdminRoutes {
    /// `/admin/v1/scope`: the tenant's sync-scope rules (requirements §5, docs/admin-api.md).
    func addScopeRoutes(_ admin: AdminRouteBuilder) {
        admin.get("scope") { _, _ in ShowScope() }
        admin.put("scope") { request, _ in ChangeScope(.replace(try await body(ScopeRules.self, request))) }
        admin.put("scope/required") { request, _ in try await body(ChangeScope.RequiredRequest.self, request).operation }
        admin.put("scope/criteria/:criterion") { request, context in
            try await body(ChangeScope.CriterionRequest.self, request)
                .operation(try ChangeScope.criterion(named: try parameter("criterion", context)))
        }
        admin.delete("scope/criteria/:criterion", status: .ok) { _, context in
            ChangeScope(.clear(try ChangeScope.criterion(named: try parameter("criterion", context))))
        }
    }
}
