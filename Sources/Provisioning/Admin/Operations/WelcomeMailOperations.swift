import Store

/// The tenant's welcome mail (requirements §8): off by default.
public struct ShowWelcomeMail: AdminOperation {
    public init() {}

    public func perform(_ context: AdminContext) async throws -> WelcomeMailSummary {
        let (settings, subscription) = try await context.services.notifications.welcomeMail(tenant: try context.requireTenant())
        return WelcomeMailSummary(settings, subscription.map(WelcomeMailOperations.reference))
    }
}

/// Changes the fields given (`PATCH /admin/v1/notify/welcome`, `scimctl notify welcome set|on|off`).
public struct ChangeWelcomeMail: AdminOperation, Decodable {
    public var change: WelcomeMailChange

    public init(_ change: WelcomeMailChange) { self.change = change }

    public init(from decoder: any Decoder) throws { change = try WelcomeMailChange(from: decoder) }

    public func perform(_ context: AdminContext) async throws -> WelcomeMailSummary {
        let (settings, subscription) = try await context.services.notifications.configureWelcome(change, info: try context.requestInfo())
        return WelcomeMailSummary(settings, WelcomeMailOperations.reference(subscription))
    }
}

/// The welcome mail one user would get now, rendered, without sending it.
public struct PreviewWelcomeMail: AdminOperation {
    /// An id, userName or externalId.
    public var user: String

    public init(user: String) { self.user = user }

    public func perform(_ context: AdminContext) async throws -> WelcomeMailPreview {
        try await context.services.notifications.welcomePreview(
            userKey: user, info: try context.requestInfo(), resources: context.services.resources)
    }
}

enum WelcomeMailOperations {
    static func reference(_ record: SubscriptionRecord) -> SubscriptionRecordReference {
        SubscriptionRecordReference(id: record.id, from: record.target.isEmpty ? nil : record.target)
    }
}
