/// Why a user has or has not synced, found by id, userName, externalId or email.
public struct DiagnoseUser: AdminOperation {
    public var user: String
    public init(user: String) { self.user = user }

    public func perform(_ context: AdminContext) async throws -> UserDiagnosis {
        try await UserDiagnostics(services: context.services, tenant: try context.requireTenant()).diagnose(user)
    }
}
