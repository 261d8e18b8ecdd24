import Foundation
import HTTPTypes

/// What a trusted reverse proxy says about the original request: the client's address, and the
/// scheme and host the client used. Read from RFC 7239 `Forwarded` when present, else from
/// `X-Forwarded-For` / `-Proto` / `-Host`, and only when the connection comes from a
/// `--trusted-proxy` network: from anyone else these headers are the client's own words and
/// would let it forge the address in the sync log or the host of every `meta.location`.
struct ForwardedHeaders: Sendable, Equatable {
    /// The first address in the chain that is not a trusted proxy, walking from the nearest hop.
    var clientAddress: String?
    /// `http` or `https`, as the client-facing proxy received the request.
    var scheme: String?
    /// `host[:port]` the client addressed.
    var host: String?

    static let forwarded = HTTPField.Name("Forwarded")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!

    /// Nil unless `peer` is in `trusted` and the request carries forwarding headers.
    static func read(_ headers: HTTPFields, peer: String?, trusted: [IPNetwork]) -> ForwardedHeaders? {
        guard let peer, trusted.contains(where: { $0.contains(peer) }) else { return nil }
        var chain: [String] = []
        var scheme: String?
        var host: String?
        let forwardedValues = headers[values: forwarded]
        if !forwardedValues.isEmpty {
            // RFC 7239 §4: elements separated by commas, pairs by semicolons; the first element
            // is the client-facing hop.
            let elements = forwardedValues.joined(separator: ",").split(separator: ",").map { element in
                Dictionary(
                    element.split(separator: ";").compactMap { pair -> (String, String)? in
                        let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                        guard kv.count == 2 else { return nil }
                        return (kv[0].lowercased(), unquote(kv[1]))
                    }, uniquingKeysWith: { first, _ in first })
            }
            chain = elements.compactMap { $0["for"].flatMap(nodeAddress) }
            scheme = elements.first?["proto"]
            host = elements.first?["host"]
        } else {
            chain = headers[values: forwardedFor].joined(separator: ",").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.compactMap(nodeAddress)
            scheme = headers[values: forwardedProto].first?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
            host = headers[values: forwardedHost].first?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let client = chain.last { address in !trusted.contains { $0.contains(address) } } ?? chain.first
        let result = ForwardedHeaders(
            clientAddress: client, scheme: scheme.map { $0.lowercased() }.flatMap { ["http", "https"].contains($0) ? $0 : nil },
            host: host.flatMap(validHost))
        return result == ForwardedHeaders() ? nil : result
    }

    /// An address from a `for=` node or an X-Forwarded-For entry: `192.0.2.1`, `192.0.2.1:4711`,
    /// `[2001:db8::1]:4711`, `2001:db8::1`; nil for `unknown`, obfuscated ids or garbage.
    static func nodeAddress(_ node: String) -> String? {
        var text = node
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])
        }
        return IPNetwork.parse(text) == nil ? nil : text
    }

    /// A host and optional port, letters, digits, dots and hyphens (or a bracketed IPv6 address).
    static func validHost(_ host: String) -> String? {
        guard !host.isEmpty, host.utf8.count <= 255 else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        return host.allSatisfy { allowed.contains($0) } ? host : nil
    }

    static func unquote(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }
}
