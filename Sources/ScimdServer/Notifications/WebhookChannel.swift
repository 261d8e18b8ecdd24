import AsyncHTTPClient
import Foundation
import NIOCore
import Provisioning
import Store

/// Delivers by signed JSON POST (the events, or a Slack or Teams post: `WebhookFormat`): `X-Scimd-Delivery` (the delivery's id, the same on every retry,
/// for the receiver's idempotency), `X-Scimd-Event` (the type, or `batch`) and
/// `X-Scimd-Signature` (`WebhookSignature`). Any 2xx is success; anything else, a refused
/// connection or no answer within `timeout` is a failed attempt. Redirects are not followed: the
/// signed body goes only where the administrator pointed it.
struct WebhookChannel: NotificationChannel {
    let client: HTTPClient
    let timeout: Duration
    let clock: ProvisioningClock

    func send(_ delivery: DeliveryRecord, to subscription: SubscriptionRecord) async -> ChannelResult {
        guard let secret = subscription.secret else { return ChannelResult(error: "the subscription has no secret") }
        let body: [UInt8]
        do {
            body = Array(try NotificationService.webhookFormat(of: subscription).body(for: delivery).utf8)
        } catch {
            return ChannelResult(error: error.message, permanent: true)
        }
        var request = HTTPClientRequest(url: subscription.target)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "scimd-notify")
        request.headers.add(name: "X-Scimd-Delivery", value: delivery.id)
        request.headers.add(name: "X-Scimd-Event", value: delivery.kind)
        request.headers.add(
            name: WebhookSignature.headerName,
            value: WebhookSignature.header(body: body, secret: secret, timestamp: clock.nowMs() / 1_000))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: TimeAmount.nanoseconds(Int64(timeout.nanoseconds)))
            // Read (and drop) a bounded answer so the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let code = Int(response.status.code)
            return (200..<300).contains(code) ? ChannelResult(httpStatus: code) : ChannelResult(httpStatus: code, error: "HTTP \(code)")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return ChannelResult(error: "no answer within \(timeout)")
        } catch {
            return ChannelResult(error: "could not reach \(subscription.target): \(error)")
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
