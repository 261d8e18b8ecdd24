import Foundation
import Hummingbird

extension Request {
    /// The value of query parameter `name`, decoded as HTML forms encode queries: `+` is a space,
    /// then percent escapes. Entra ID and its SCIM validator send `filter=userName+eq+%22…%22`
    /// (RFC 7644 §3.4.2 puts the filter in the query string; WHATWG URL "application/x-www-form-urlencoded").
    /// A client meaning a literal plus sends `%2B`. The first occurrence of `name` wins; nil when absent.
    func scimQueryParameter(_ name: String) -> String? {
        guard let query = uri.query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0] == name else { continue }
            guard parts.count == 2 else { return "" }
            let spaced = String(parts[1].map { $0 == "+" ? " " : $0 })
            return spaced.removingPercentEncoding ?? spaced
        }
        return nil
    }
}
