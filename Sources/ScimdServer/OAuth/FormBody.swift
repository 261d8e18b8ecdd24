import Foundation

/// An `application/x-www-form-urlencoded` body (RFC 6749 Appendix B, the WHATWG URL standard's
/// form encoding): `name=value` pairs joined by `&`, `+` for a space, `%XX` for a byte.
struct FormBody: Equatable {
    let parameters: [String: String]

    /// What makes a body unreadable: RFC 6749 §3.2 forbids repeating a parameter.
    enum Failure: Error, Equatable {
        case malformed
        case repeated(String)
    }

    init(_ text: String) throws(Failure) {
        var parameters: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw .malformed
            }
            // §3.2: parameters sent without a value are treated as omitted.
            if value.isEmpty { continue }
            if parameters[name] != nil { throw .repeated(name) }
            parameters[name] = value
        }
        self.parameters = parameters
    }

    subscript(name: String) -> String? { parameters[name] }

    /// One form-encoded component, or nil when a `%` escape is broken or the bytes are not UTF-8.
    static func decode(_ component: Substring) -> String? {
        String(component).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
