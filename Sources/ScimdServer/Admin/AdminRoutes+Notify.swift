import Hummingbird
import Provisioning

extension AdminRoutes {
    /// `/admin/v1/notify`: the tenant's notification subscriptions (requirements §8; the same
    /// operations as `scimctl notify`, docs/guides/notifications.md).
    func addNotifyRoutes(_ admin: AdminRouteBuilder) {
        admin.get("notify/subscriptions") { _, _ in ListSubscriptions() }
        admin.post("notify/webhooks", status: .created) { request, _ in try await body(AddWebhook.self, request) }
        admin.post("notify/emails", status: .created) { request, _ in try await body(AddEmail.self, request) }
        admin.get("notify/welcome") { _, _ in ShowWelcomeMail() }
        admin.patch("notify/welcome") { request, _ in try await body(ChangeWelcomeMail.self, request) }
        admin.get("notify/welcome/preview") { request, _ in
            guard let user = request.uri.queryParameters.get("user"), !user.isEmpty else {
                throw AdminError(.invalid, "Name the user to preview with ?user= (an id, userName or externalId).")
            }
            return PreviewWelcomeMail(user: user)
        }
        admin.on("notify/subscriptions/:id", method: .patch, status: .ok) { request, context in
            UpdateSubscription(id: try parameter("id", context), try await body(SubscriptionSettings.self, request))
        }
        admin.delete("notify/subscriptions/:id", status: .noContent) { _, context in
            RemoveSubscription(id: try parameter("id", context))
        }
        admin.post("notify/subscriptions/:id/test", status: .accepted) { _, context in
            TestSubscription(id: try parameter("id", context))
        }
        admin.get("notify/status") { _, _ in ShowNotifyStatus() }
    }
}
