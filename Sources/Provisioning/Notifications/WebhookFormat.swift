import SCIM
import Store

/// What a webhook's body looks like. `json` is the event object (or `{"events": [...]}`) of
/// docs/events.md, for an application. `slack` and `teams` are chat posts an incoming webhook
/// shows as they are: Slack's `{"text": …}` (api.slack.com/messaging/webhooks) and a Teams
/// Workflows message with one Adaptive Card (learn.microsoft.com, "Create incoming webhooks
/// with Workflows"). A chat post carries the same subject and text a mail would
/// (`NotificationMail.content`), and the same signature headers, which chat services ignore.
public enum WebhookFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case json
    case slack
    case teams

    /// Slack truncates longer messages; Teams refuses cards above about 28 KB.
    static let chatTextLimit = 20_000

    /// The body to POST for `delivery`.
    public func body(for delivery: DeliveryRecord) throws(MailError) -> String {
        guard self != .json else { return delivery.payload }
        let content = try NotificationMail.content(for: delivery)
        var text = content.text
        if text.count > Self.chatTextLimit {
            text = String(text.prefix(Self.chatTextLimit)) + "\n… (cut; the whole text is in `scimctl report` and `scimctl log`)"
        }
        switch self {
        case .json: return delivery.payload
        case .slack:
            // mrkdwn: the subject bold, the text as a preformatted block (column layouts stay).
            let body: SCIMValue = ["text": .string("*\(Self.slackEscape(content.subject))*\n```\n\(Self.slackEscape(text))\n```")]
            return body.jsonString
        case .teams:
            let card: SCIMValue = [
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
                "body": [
                    ["type": "TextBlock", "text": .string(content.subject), "weight": "Bolder", "size": "Medium", "wrap": true],
                    ["type": "TextBlock", "text": .string(text), "fontType": "Monospace", "wrap": true],
                ],
            ]
            let body: SCIMValue = [
                "type": "message",
                "attachments": [["contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": nil, "content": card]],
            ]
            return body.jsonString
        }
    }

    /// Slack's three control characters in message text (api.slack.com, "Escaping text").
    static func slackEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
